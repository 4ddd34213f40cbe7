// fit(): history, seeded runs, callbacks that change the run, and errors that say what to do.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initWasm, lab, tf } from "./helpers.mjs";

const T = lab.train;

/** A learnable 3-class problem: the class is which of three feature sums is largest. */
function data(n, seed = 1) {
  return T.withSeed(seed, () => tf.tidy(() => {
    const x = tf.randomNormal([n, 6]);
    const parts = tf.stack([x.slice([0, 0], [n, 2]).sum(1), x.slice([0, 2], [n, 2]).sum(1), x.slice([0, 4], [n, 2]).sum(1)], 1);
    return { x, y: tf.oneHot(parts.argMax(1), 3).toFloat() };
  }));
}

function model({ lr = 0.01, dropout = 0 } = {}) {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [6], units: 16, activation: "relu" }));
  if (dropout) m.add(tf.layers.dropout({ rate: dropout }));
  m.add(tf.layers.dense({ units: 3, activation: "softmax" }));
  m.compile({ optimizer: tf.train.adam(lr), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return m;
}

describe("train: fit", function () {
  let train, val;
  before(async () => {
    await initWasm();
    train = data(256, 1);
    val = data(128, 2);
  });
  after(() => tf.dispose([train.x, train.y, val.x, val.y]));

  it("returns a plain history, learns, and leaks no tensors", async () => {
    const m = T.withSeed(1, () => model());
    const before = tf.memory().numTensors;
    const h = await T.fit(m, train.x, train.y, { epochs: 6, batchSize: 32, validationData: [val.x, val.y], display: "none", seed: 3 });
    assert.deepEqual(h.epoch, [0, 1, 2, 3, 4, 5]);
    assert.equal(h.history.loss.length, 6);
    assert.equal(h.history.val_acc.length, 6);
    assert.ok(h.history.loss[5] < h.history.loss[0] * 0.8, `loss fell: ${h.history.loss}`);
    assert.equal(h.backend, "wasm");
    assert.equal(h.lr.length, 6);
    assert.equal(JSON.parse(JSON.stringify(h)).history.loss.length, 6, "serialisable");
    // A second fit allocates nothing new that stays (optimizer slots already exist).
    const mid = tf.memory().numTensors;
    await T.fit(m, train.x, train.y, { epochs: 2, display: "none" });
    assert.equal(tf.memory().numTensors, mid);
    m.dispose();
  });

  it("same seed → same losses (dropout and shuffling included); another seed differs", async () => {
    const run = async (seed) => {
      const m = T.withSeed(seed, () => model({ dropout: 0.3 }));
      const h = await T.fit(m, train.x, train.y, { epochs: 3, batchSize: 32, seed, display: "none" });
      m.dispose();
      return h.history.loss;
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it("earlyStopping stops and really restores the best epoch's weights", async () => {
    const m = T.withSeed(2, () => model({ lr: 0.02 }));
    // A rate that explodes after epoch 3 makes val_loss worse, so the best epoch is early.
    const blowUp = T.lrScheduler((epoch) => (epoch < 3 ? 0.02 : 5));
    const es = T.earlyStopping({ monitor: "val_loss", patience: 2 });
    const h = await T.fit(m, train.x, train.y, { epochs: 30, validationData: [val.x, val.y], callbacks: [blowUp, es], display: "none", seed: 1 });
    assert.ok(h.epoch.length < 30, "stopped early");
    assert.match(h.stopReason, /early stopping: val_loss did not improve for 2 epochs/);
    const best = h.history.val_loss.indexOf(Math.min(...h.history.val_loss));
    assert.equal(h.restoredEpoch, best);
    assert.equal(es.bestEpoch, best);
    assert.equal(es.stoppedEpoch, h.epoch.at(-1));
    const now = tf.tidy(() => m.evaluate(val.x, val.y, { batchSize: 128 })[0].dataSync()[0]);
    assert.ok(Math.abs(now - h.history.val_loss[best]) < 1e-4, `val loss now ${now} vs best ${h.history.val_loss[best]}`);
    m.dispose();
  });

  it("a NaN loss throws a TrainingError with the history, unless stopOnNaN keeps the run", async () => {
    // A regression on huge inputs: the squared error overflows float32.
    const huge = tf.tidy(() => train.x.mul(1e25));
    const m1 = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 3 })] });
    m1.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    await assert.rejects(T.fit(m1, huge, train.y, { epochs: 3, display: "none" }), (e) => {
      assert.equal(e.name, "TrainlabError");
      assert.match(e.message, /loss became (NaN|Infinity).*Lower the learning rate/);
      assert.ok(Array.isArray(e.history.epoch));
      return true;
    });
    const m2 = T.withSeed(3, () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 3 })] }));
    m2.compile({ optimizer: tf.train.sgd(0.01), loss: "meanSquaredError" });
    const h = await T.fit(m2, train.x, train.y, {
      epochs: 4, display: "none",
      // good for two epochs, then a rate that makes the squared error overflow
      callbacks: [T.lrScheduler((e) => (e < 2 ? 0.01 : 1e30)), T.stopOnNaN()],
    });
    assert.match(h.stopReason, /loss became (NaN|Infinity)/);
    assert.equal(h.restoredEpoch, 1);
    assert.ok(h.history.loss.slice(0, 2).every(Number.isFinite));
    const w = tf.tidy(() => m2.getWeights().map((t) => t.isFinite().all().dataSync()[0]));
    assert.ok(w.every((ok) => ok === 1), "weights of the last finite epoch are back");
    tf.dispose(huge); m1.dispose(); m2.dispose();
  });

  it("bad input gives a TrainlabError that says what to do", async () => {
    const m = model();
    const labels = tf.tensor1d([0, 1, 2, 1], "int32");
    const x4 = tf.zeros([4, 6]);
    const x5 = tf.zeros([4, 5]);
    const cases = [
      [() => T.fit(m, train.x, val.y), /256 samples but y has 128.*one row per sample/],
      [() => T.fit(m, x5, tf.zeros([4, 3])), /expects inputs of shape \[n, 6\] but x has shape \[4, 5\]/],
      [() => T.fit(m, x4, labels), /one-hot encode it with tf.oneHot\(y, 3\)|sparseCategoricalCrossentropy/],
      [() => T.fit(m, x4, labels.reshape([4, 1])), /looks like class labels/],
      [() => T.fit(m, tf.fill([4, 6], NaN), tf.zeros([4, 3])), /x contains NaN/],
      [() => T.fit(m, x4, tf.zeros([4, 3]), { callbacks: [tf.callbacks.earlyStopping()] }), /TensorFlow.js callbacks \(tf.callbacks.\*\) go to model.fit/],
      [() => T.fit(tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 3 })] }), x4, tf.zeros([4, 3])), /not compiled: call model.compile/],
    ];
    for (const [call, message] of cases) {
      await assert.rejects(call(), (e) => e.name === "TrainlabError" && message.test(e.message) || assert.fail(e.message));
    }
    tf.dispose([labels, x4, x5]); m.dispose();
  });

  it("trains a two-input model given arrays of tensors, and accepts plain number arrays", async () => {
    const a = tf.input({ shape: [6] });
    const b = tf.input({ shape: [2] });
    const out = tf.layers.dense({ units: 3, activation: "softmax" }).apply(tf.layers.concatenate().apply([a, b]));
    const m = tf.model({ inputs: [a, b], outputs: out });
    m.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const extra = tf.zeros([256, 2]);
    const h = await T.fit(m, [train.x, extra], train.y, { epochs: 2, display: "none" });
    assert.equal(h.history.loss.length, 2);
    const plain = model();
    const h2 = await T.fit(plain, train.x.arraySync(), train.y.arraySync(), { epochs: 1, display: "none" });
    assert.equal(h2.history.loss.length, 1);
    tf.dispose(extra); m.dispose(); plain.dispose();
  });

  it("checkpoint writes the best model; loadCheckpoint reads it back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trainlab-ckpt-"));
    try {
      const m = T.withSeed(4, () => model());
      const cb = T.checkpoint({ dir, monitor: "val_loss" });
      const h = await T.fit(m, train.x, train.y, { epochs: 3, validationData: [val.x, val.y], callbacks: [cb], display: "none" });
      assert.ok(existsSync(join(dir, "model.json")) && existsSync(join(dir, "weights.bin")));
      const improving = h.history.val_loss.map((v, i, a) => i === 0 || v < Math.min(...a.slice(0, i))).map((b, i) => (b ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(cb.saved, improving);
      // everyEpoch: the file then holds the model as it is now, so predictions must agree exactly.
      await T.fit(m, train.x, train.y, { epochs: 1, callbacks: [T.checkpoint({ dir, everyEpoch: true })], display: "none" });
      const loaded = await T.loadCheckpoint(dir);
      const [a, b] = tf.tidy(() => [m.predict(val.x).dataSync(), loaded.predict(val.x).dataSync()]);
      assert.deepEqual(Array.from(b), Array.from(a));
      await assert.rejects(T.loadCheckpoint(join(dir, "nope")), /No checkpoint/);
      // The one model format: a checkpoint is a folder transfer and deploy load too, its epoch in metadata.json.
      const meta = T.readModelMetadata(dir);
      assert.equal(meta.format, "trainlab-model/1");
      assert.deepEqual(Object.keys(meta.checkpoint), ["epoch", "monitor", "value"]);
      assert.match(meta.weightsSha256, /^[0-9a-f]{64}$/);
      const viaTransfer = await lab.transfer.loadModel(dir);
      viaTransfer.dispose();
      m.dispose(); loaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leakGuard reports a callback that leaks a tensor per epoch", async () => {
    const m = model();
    const leaky = { name: "leaky", onEpochEnd: () => { tf.ones([2]); } };
    const warnings = [];
    const warn = console.warn;
    console.warn = (msg) => warnings.push(String(msg));
    try {
      await T.fit(m, train.x, train.y, { epochs: 4, callbacks: [leaky], display: "none" });
    } finally {
      console.warn = warn;
    }
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /Tensor leak: tf.memory\(\).numTensors grew by 1 and 1/);
    await assert.rejects(T.fit(m, train.x, train.y, { epochs: 4, callbacks: [leaky], leakGuard: { action: "throw" }, display: "none" }),
      /Tensor leak/);
    m.dispose();
  });

  it("prints one compact line per epoch in a terminal", async () => {
    const m = model();
    const lines = [];
    const log = console.log;
    console.log = (msg) => lines.push(String(msg));
    try {
      await T.fit(m, train.x, train.y, { epochs: 2, validationData: [val.x, val.y] });
    } finally {
      console.log = log;
    }
    assert.equal(lines.length, 2);
    assert.match(lines[1], /^epoch 2\/2 · \d+ ms · loss [\d.]+ · acc [\d.]+ · val_loss [\d.]+ · val_acc [\d.]+$/);
    m.dispose();
  });
});

describe("train: lrFinder", function () {
  before(initWasm);

  it("sweeps exponentially, suggests a rate in range, and restores weights and optimizer", async () => {
    const { x, y } = data(256, 5);
    const m = T.withSeed(5, () => model({ lr: 0.003 }));
    await T.fit(m, x, y, { epochs: 1, display: "none" }); // optimizer state exists
    const before = tf.tidy(() => m.getWeights().map((w) => Array.from(w.dataSync())));
    const optBefore = (await m.optimizer.getWeights()).map((w) => Array.from(w.tensor.dataSync()));
    const count = tf.memory().numTensors;
    const r = await T.lrFinder(m, x, y, { startLR: 1e-5, endLR: 10, steps: 40 });
    assert.equal(tf.memory().numTensors, count, "no tensors leaked");
    assert.ok(r.lrs.length >= 10 && r.lrs.length <= 40);
    assert.ok(Math.abs(r.lrs[1] / r.lrs[0] - Math.pow(1e6, 1 / 39)) < 1e-9, "exponential steps");
    assert.ok(r.suggestion >= 1e-5 && r.suggestion <= 10);
    assert.ok(r.minimumDiv10 < r.lrs[r.losses.indexOf(Math.min(...r.losses))]);
    const after = tf.tidy(() => m.getWeights().map((w) => Array.from(w.dataSync())));
    assert.deepEqual(after, before);
    assert.deepEqual((await m.optimizer.getWeights()).map((w) => Array.from(w.tensor.dataSync())), optBefore);
    assert.equal(T.getLearningRate(m.optimizer), 0.003);
    // One figure convention: lrFinderFigure(result) → a Figure (log-x loss curve, suggestion marked).
    const fig = T.lrFinderFigure(r);
    const bundle = fig.toMimeBundle();
    assert.ok(bundle && Object.keys(bundle).length > 0, "the figure shows itself");
    assert.equal(fig.layout.xaxis.type, "log");
    assert.deepEqual(fig.data[1].x, [r.suggestion]);
    assert.equal(typeof r.plot, "undefined", "no .plot() method on results");
    tf.dispose([x, y]); m.dispose();
  });

  it("suggest() picks the steepest descent and a tenth of the minimum", () => {
    const lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1];
    const s = T.suggest(lrs, [2.0, 1.9, 1.0, 0.8, 3.0]);
    assert.equal(s.suggestion, 1e-2);
    assert.ok(Math.abs(s.minimumDiv10 - 1e-2) < 1e-15);
    // Longer sweeps drop the first tenth and the last 5 points first, as fastai does.
    const lr20 = Array.from({ length: 20 }, (_, i) => 10 ** (i / 4 - 6));
    const loss20 = lr20.map((_, i) => (i === 0 ? 9 : i === 1 ? 1 : 2 - i * 0.01 - (i === 10 ? 0.5 : 0)));
    assert.equal(T.suggest(lr20, loss20).suggestion, lr20[10], "the noisy drop at the start is ignored");
  });
});

describe("train: fit with sampleWeight (Keras' sample_weight)", function () {
  before(initWasm);

  // y = x·w + b with MSE and plain SGD: the weighted loss and one step's update, by hand.
  const X = [[1, 2], [0, -1], [3, 1], [-2, 0.5]];
  const Y = [1, -2, 0.5, 3];
  const S = [2, 0, 0.5, 1];
  const W0 = [0.3, -0.2];
  const B0 = 0.1;
  const LR = 0.05;
  const linear = () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [2], units: 1 }));
    m.setWeights([tf.tensor2d(W0, [2, 1]), tf.tensor1d([B0])].map((t) => t)); // setWeights copies
    m.compile({ optimizer: tf.train.sgd(LR), loss: "meanSquaredError" });
    return m;
  };
  /** Keras: loss = Σ s_i·(ŷ_i − y_i)² / n (the batch mean of weighted per-sample losses). */
  const byHand = (batch) => {
    const n = batch.length;
    let loss = 0;
    const gw = [0, 0];
    let gb = 0;
    for (const i of batch) {
      const r = X[i][0] * W0[0] + X[i][1] * W0[1] + B0 - Y[i];
      loss += S[i] * r * r / n;
      gw[0] += 2 * S[i] * r * X[i][0] / n;
      gw[1] += 2 * S[i] * r * X[i][1] / n;
      gb += 2 * S[i] * r / n;
    }
    return { loss, w: [W0[0] - LR * gw[0], W0[1] - LR * gw[1]], b: B0 - LR * gb };
  };

  it("one full-batch step: the logged loss and the updated weights match the hand computation", async () => {
    const m = linear();
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y, [4, 1])];
    const before = tf.memory().numTensors;
    const h = await T.fit(m, x, y, { epochs: 1, batchSize: 4, shuffle: false, sampleWeight: S, display: "none" });
    assert.equal(tf.memory().numTensors, before, "no tensor left behind");
    const want = byHand([0, 1, 2, 3]);
    lab.assertClose(h.history.loss[0], want.loss, 1e-5);
    const [w, b] = m.getWeights();
    lab.assertAllClose(Array.from(w.dataSync()), want.w, 1e-5);
    lab.assertClose(b.dataSync()[0], want.b, 1e-5);
    // Unweighted differs (the test would pass without sampleWeight otherwise).
    assert.ok(Math.abs(want.loss - byHandUnweighted()) > 0.1);
    tf.dispose([x, y]);
    m.dispose();
  });

  function byHandUnweighted() {
    return X.reduce((s, r, i) => s + (r[0] * W0[0] + r[1] * W0[1] + B0 - Y[i]) ** 2, 0) / X.length;
  }

  it("accepts a tensor, leaves the model able to fit unweighted afterwards, and a weight of 0 removes a sample", async () => {
    const m = linear();
    const sw = tf.tensor1d([1, 1, 0, 0]);
    await T.fit(m, X, Y.map((v) => [v]), { epochs: 1, batchSize: 4, shuffle: false, sampleWeight: sw, display: "none" });
    // Same step as training on the first two samples only, unweighted (mean over n = 4, so doubled weights).
    const only = linear();
    await T.fit(only, X.slice(0, 2), Y.slice(0, 2).map((v) => [v]), { epochs: 1, batchSize: 2, shuffle: false, sampleWeight: [0.5, 0.5], display: "none" });
    lab.assertAllClose(Array.from(m.getWeights()[0].dataSync()), Array.from(only.getWeights()[0].dataSync()), 1e-6);
    assert.ok(!Object.prototype.hasOwnProperty.call(m.model, "standardizeUserData"), "the model is put back");
    const h = await T.fit(m, X, Y.map((v) => [v]), { epochs: 1, batchSize: 4, display: "none" });
    assert.ok(Number.isFinite(h.history.loss[0]));
    tf.dispose(sw);
    m.dispose();
    only.dispose();
  });

  it("rejects weights of the wrong length, negative or NaN, with what to do", async () => {
    const m = linear();
    const Yc = Y.map((v) => [v]);
    await assert.rejects(T.fit(m, X, Yc, { sampleWeight: [1, 2, 3], display: "none" }), (e) => e instanceof lab.TrainlabError && /3 weights but x has 4 samples/.test(e.message));
    await assert.rejects(T.fit(m, X, Yc, { sampleWeight: [1, -1, 1, 1], display: "none" }), /sampleWeight\[1\] is -1/);
    await assert.rejects(T.fit(m, X, Yc, { sampleWeight: [1, NaN, 1, 1], display: "none" }), /sampleWeight\[1\] is NaN/);
    m.dispose();
  });
});
