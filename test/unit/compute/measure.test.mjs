// Measurement logic of the compute toolkit: statistics of times (checked against numpy),
// throughput rows, per-layer profiles, machine and memory reports. No timing is asserted.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const lab = createRequire(import.meta.url)("../../../kernel-ext/dist/index.js");
const { compute, tf } = lab;

const percentiles = JSON.parse(readFileSync(new URL("../../fixtures/tune/percentiles.json", import.meta.url), "utf8"));
const close = (a, b, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

function smallModel() {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [8], activation: "relu" }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 4, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy" });
  return model;
}

describe("compute measurements", () => {
  it(`summarizeTimes matches numpy ${percentiles.numpy} (mean, median, 90th percentile, min)`, () => {
    for (const c of percentiles.cases) {
      const s = compute.summarizeTimes(c.times);
      close(s.mean, c.mean);
      close(s.median, c.median);
      close(s.p90, c.p90);
      close(s.min, c.min);
    }
  });

  it("timeSteps runs warm-up steps untimed, then times each step", async () => {
    const calls = [];
    const r = await compute.timeSteps((i) => { calls.push(i); }, { steps: 4, warmup: 3 });
    assert.deepEqual(calls, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(r.times.length, 4);
    assert.ok(r.times.every((t) => t >= 0));
    assert.ok(r.min <= r.median && r.median <= r.p90);
  });

  it("measureThroughput: one row per batch size, samples/s = batch size / time per batch, no tensor left behind", async () => {
    const model = smallModel();
    await model.trainOnBatch(tf.zeros([1, 8]), tf.zeros([1, 4])); // create optimiser state first
    const before = tf.memory().numTensors;
    for (const mode of ["predict", "train"]) {
      const rows = await compute.measureThroughput(model, { batchSizes: [1, 4, 16], batches: 2, mode });
      assert.deepEqual(rows.map((r) => r.batchSize), [1, 4, 16]);
      for (const r of rows) {
        assert.equal(r.mode, mode);
        assert.equal(r.backend, tf.getBackend());
        assert.ok(r.msPerBatch > 0);
        close(r.samplesPerSecond, (r.batchSize * 1000) / r.msPerBatch);
      }
    }
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });

  it("measureThroughput slices batches from real data when given", async () => {
    const model = smallModel();
    const x = tf.randomNormal([10, 8], 0, 1, "float32", 4);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3, 0, 1], "int32"), 4).toFloat();
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    const rows = await compute.measureThroughput(model, { batchSizes: [25], batches: 1, mode: "train", data: { x, y } });
    assert.equal(rows.length, 1);
    assert.equal(tf.memory().numTensors, before);
    x.dispose(); y.dispose(); model.dispose();
  });

  it("measureThroughput refuses to train an uncompiled model", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    await assert.rejects(compute.measureThroughput(model, { mode: "train" }), { name: "TrainlabError", message: /compile/ });
    model.dispose();
  });

  it("profileLayers: one row per layer with its output shape and parameters; shares add up to 1", async () => {
    const model = smallModel();
    const before = tf.memory().numTensors;
    const rows = await compute.profileLayers(model, { batchSize: 5, repeats: 2 });
    assert.deepEqual(rows.map((r) => r.type), ["Dense", "Dropout", "Dense"]);
    assert.deepEqual(rows.map((r) => r.outputShape), ["[16]", "[16]", "[4]"]);
    assert.deepEqual(rows.map((r) => r.params), [8 * 16 + 16, 0, 16 * 4 + 4]);
    close(rows.reduce((s, r) => s + r.share, 0), 1, 1e-12);
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });

  it("machineReport describes the backend in use and the machine", async () => {
    const r = await compute.machineReport();
    assert.equal(r.backend, tf.getBackend());
    assert.ok(r.cpuCores >= 1);
    assert.ok(r.memoryTotalGB > 0 && r.processRssMB > 0);
    assert.ok(Array.isArray(r.gpus));
    assert.equal(r.packages["@tensorflow/tfjs-backend-wasm"], true);
    const rows = compute.machineRows(r);
    assert.deepEqual(rows.map((x) => x.what).slice(0, 2), ["backend", "threads"]);
  });

  it("parseNvidiaSmi reads one GPU per line, names with commas included, and skips junk", () => {
    const text = "NVIDIA H100 80GB HBM3, 81559, 3\nTesla T4, 15360, 0\nWeird, Name, GPU, 1024, 12\n\nNo devices were found\n";
    assert.deepEqual(compute.parseNvidiaSmi(text), [
      { name: "NVIDIA H100 80GB HBM3", memoryTotalMB: 81559, memoryUsedMB: 3 },
      { name: "Tesla T4", memoryTotalMB: 15360, memoryUsedMB: 0 },
      { name: "Weird, Name, GPU", memoryTotalMB: 1024, memoryUsedMB: 12 },
    ]);
    assert.deepEqual(compute.parseNvidiaSmi(""), []);
  });

  it("memoryUsage counts live tensors and their bytes", () => {
    const a = compute.memoryUsage();
    const t = tf.zeros([1024, 256]); // 1 MiB of float32
    const b = compute.memoryUsage();
    assert.equal(b.tensors - a.tensors, 1);
    close(b.tensorMB - a.tensorMB, 1, 0.11);
    t.dispose();
    assert.equal(compute.memoryUsage().tensors, a.tensors);
  });
});
