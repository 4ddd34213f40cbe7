// The leak detector: finds an injected leak of exactly N tensors, names the line that made
// them, and finds none in tidy code. Timing is never asserted here.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const lab = createRequire(import.meta.url)("../../../kernel-ext/dist/index.js");
const { compute, tf } = lab;

describe("compute.findLeaks", () => {
  for (const n of [1, 3, 7]) {
    it(`finds an injected leak of exactly ${n} tensor(s), with their shapes and bytes`, async () => {
      const before = tf.memory().numTensors;
      const kept = [];
      const report = await compute.findLeaks(() => {
        for (let i = 0; i < n; i++) kept.push(tf.ones([2, 5])); // the leak
        tf.tidy(() => { tf.ones([3]).add(1); }); // cleaned up: must not count
      }, { label: "leaky" });
      assert.equal(report.leakedTensors, n);
      assert.equal(report.leakedBytes, n * 10 * 4);
      assert.equal(report.numTensorsDelta, n);
      assert.equal(report.sites.length, 1);
      assert.match(report.sites[0].where, /leaks\.test\.mjs:\d+:\d+/);
      assert.equal(report.sites[0].examples[0], "float32[2,5]");
      assert.match(String(report), new RegExp(`leaky: ${n} leaked tensor`));
      kept.forEach((t) => t.dispose());
      assert.equal(tf.memory().numTensors, before);
    });
  }

  it("names each leaking line separately: an op chained on a tensor leaks both", async () => {
    const report = await compute.findLeaks(() => {
      for (let i = 0; i < 4; i++) {
        const a = tf.scalar(i);
        a.square(); // neither a nor its square is disposed
      }
    });
    assert.equal(report.leakedTensors, 8);
    assert.equal(report.sites.length, 2);
    assert.deepEqual(report.sites.map((s) => s.count), [4, 4]);
    const lines = report.sites.map((s) => Number(s.where.split(":")[1]));
    assert.equal(Math.abs(lines[0] - lines[1]), 1);
  });

  it("finds no leak in tf.tidy code, and does not count the tensor a function returns", async () => {
    const before = tf.memory().numTensors;
    const report = await compute.findLeaks(() => tf.tidy(() => {
      const x = tf.randomNormal([16, 4], 0, 1, "float32", 1);
      return x.matMul(tf.ones([4, 2])).relu().sum();
    }));
    assert.equal(report.leakedTensors, 0);
    assert.equal(report.numTensorsDelta, 1);
    assert.ok(report.result instanceof tf.Tensor);
    report.result.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("counts a returned tensor when allowReturned is false", async () => {
    const report = await compute.findLeaks(() => tf.zeros([3]), { allowReturned: false });
    assert.equal(report.leakedTensors, 1);
    report.result.dispose();
  });

  it("works on async code and restores the engine even when the code throws", async () => {
    const report = await compute.findLeaks(async () => {
      await new Promise((r) => setTimeout(r, 1));
      return [tf.ones([2]), { y: tf.ones([2]) }];
    });
    assert.equal(report.leakedTensors, 0);
    report.result[0].dispose();
    report.result[1].y.dispose();
    const original = tf.engine().trackTensor;
    await assert.rejects(compute.findLeaks(() => { tf.ones([1]).dispose(); throw new Error("boom"); }), /boom/);
    assert.equal(tf.engine().trackTensor, original);
  });

  it("a model's predict leaks its input tensor unless it is disposed", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
    const leaky = await compute.findLeaks(() => {
      const out = model.predict(tf.ones([2, 4]));
      const v = out.dataSync();
      out.dispose();
      return Array.from(v);
    });
    assert.equal(leaky.leakedTensors, 1);
    assert.equal(leaky.sites[0].examples[0], "float32[2,4]");
    const fixed = await compute.findLeaks(() => tf.tidy(() => Array.from(model.predict(tf.ones([2, 4])).dataSync())));
    assert.equal(fixed.leakedTensors, 0);
    model.dispose();
  });

  it("watchLeaks: reports which label leaked how many tensors", async () => {
    const w = compute.watchLeaks();
    const keep = [];
    await w.check("cell 1", () => tf.tidy(() => { tf.ones([4]); }));
    await w.check("cell 2", () => { keep.push(tf.ones([4]), tf.ones([4])); });
    const rows = w.rows();
    assert.deepEqual(rows.map((r) => [r.label, r.leakedTensors]), [["cell 1", 0], ["cell 2", 2]]);
    assert.match(rows[1].where, /leaks\.test\.mjs/);
    keep.forEach((t) => t.dispose());
  });
});
