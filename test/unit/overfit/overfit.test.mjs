import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as fs from "node:fs";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const { overfit, data, datasets, TrainlabError } = lab;
const tf = require("@tensorflow/tfjs");
const fixture = (name) => JSON.parse(fs.readFileSync(new URL(`../../fixtures/overfit/${name}`, import.meta.url), "utf8"));
const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

describe("overfit folds", () => {
  const ref = fixture("folds.json");
  for (const c of ref.kfold) {
    it(`kFold(${c.n}, ${c.k}) equals sklearn KFold`, () => {
      const folds = overfit.kFold(c.n, c.k);
      assert.deepEqual(folds.map((f) => f.test), c.tests);
      folds.forEach((f) => assert.equal(f.train.length + f.test.length, c.n));
    });
  }
  for (const c of ref.stratified) {
    it(`stratifiedKFold(${c.name}, ${c.k}) equals sklearn StratifiedKFold`, () => {
      const folds = overfit.stratifiedKFold(c.y, c.k);
      assert.deepEqual(folds.map((f) => f.test), c.tests);
      folds.forEach((f) => assert.equal(new Set([...f.train, ...f.test]).size, c.y.length));
    });
  }
  for (const c of ref.edges) {
    it(`edge case, ${c.name} (k=${c.k}): equals ${ref.generated_by.split(": ")[1].split(",")[0]} ${c.kind === "kfold" ? "KFold" : "StratifiedKFold"}`, () => {
      const folds = c.kind === "kfold" ? overfit.kFold(c.n, c.k) : overfit.stratifiedKFold(c.y, c.k);
      assert.deepEqual(folds.map((f) => f.test), c.tests);
    });
  }
  it("explains impossible fold counts", () => {
    assert.throws(() => overfit.kFold(3, 5), TrainlabError);
    assert.throws(() => overfit.stratifiedKFold([0, 1, 1], 5), TrainlabError);
  });
});

describe("overfit.validationCurve and crossValidate", () => {
  const ref = fixture("curves.json");
  it("equals sklearn validation_curve for KNeighborsClassifier(n_neighbors)", async () => {
    const vc = await overfit.validationCurve((k) => data.knn({ k }), ref.X, ref.y, { values: ref.values, cv: 5 });
    vc.trainScores.forEach((row, v) => row.forEach((s, f) => close(s, ref.trainScores[v][f])));
    vc.testScores.forEach((row, v) => row.forEach((s, f) => close(s, ref.testScores[v][f])));
    const means = ref.testScores.map((r) => r.reduce((a, b) => a + b) / r.length);
    assert.equal(vc.best, ref.values[means.indexOf(Math.max(...means))]);
  });
  it("equals sklearn cross_val_score for NearestCentroid with StratifiedKFold and KFold", async () => {
    const s = await overfit.crossValidate(data.nearestCentroid(), ref.X, ref.y, { cv: 5 });
    s.scores.forEach((v, i) => close(v, ref.crossValStratified[i]));
    const p = await overfit.crossValidate(data.nearestCentroid(), ref.X, ref.y, { cv: 5, stratified: false });
    p.scores.forEach((v, i) => close(v, ref.crossValPlain[i]));
    close(s.mean, ref.crossValStratified.reduce((a, b) => a + b) / 5, 1e-12);
  });
});

describe("overfit.EarlyStopper (Keras EarlyStopping semantics)", () => {
  const run = (losses, opts) => {
    const s = new overfit.EarlyStopper(opts);
    for (let e = 0; e < losses.length; e++) if (s.update(e, losses[e]) === "stop") break;
    return [s.stoppedEpoch, s.bestEpoch];
  };
  it("stops after `patience` epochs without improvement", () => {
    assert.deepEqual(run([1, 0.8, 0.7, 0.75, 0.74, 0.73, 0.6], { patience: 3 }), [5, 2]);
  });
  it("counts improvements smaller than minDelta as none", () => {
    assert.deepEqual(run([1, 0.99, 0.98, 0.97, 0.5], { patience: 2, minDelta: 0.05 }), [2, 0]);
  });
  it("never stops while improving", () => assert.deepEqual(run([5, 4, 3, 2, 1], { patience: 1 }), [-1, 4]));
});

describe("overfit.mlp + fitCurves + earlyStopping", () => {
  it("records per-epoch curves, stops early, restores weights, and frees its tensors", async () => {
    const { X, y } = datasets.toXY(datasets.load("iris"), { target: "species" });
    const Xs = X.map((r) => r.map((v) => v / 8));
    const s = data.split(y.length, { stratify: y, seed: 0, sizes: [0.7, 0.3, 0] });
    const before = tf.memory().numTensors;
    const model = overfit.mlp({ inputs: 4, outputs: 3, hidden: [8], l2: 0.001, dropout: 0.1, learningRate: 0.05 });
    const train = [data.take(Xs, s.train), data.take(y, s.train)];
    const validation = [data.take(Xs, s.validation), data.take(y, s.validation)];
    // One warm-up epoch allocates Adam's moment tensors, which the model keeps on purpose.
    await overfit.fitCurves(model, ...train, { display: "none", validation, epochs: 1 });
    const afterWarmup = tf.memory().numTensors;
    const stop = overfit.earlyStopping({ patience: 2, minDelta: 10 });
    const h = await overfit.fitCurves(model, ...train, {
      display: "none",
      validation,
      epochs: 20,
      batchSize: 16,
      callbacks: [stop],
    });
    // minDelta 10 means no epoch after the first improves: stop at epoch 2 (0-based).
    assert.equal(stop.stoppedEpoch, 2);
    assert.equal(h.epoch.length, 3);
    assert.ok(h.history.loss.every(Number.isFinite) && h.history.val_acc.every((a) => a >= 0 && a <= 1));
    // One early-stopping callback and one history type: the training core's.
    assert.equal(overfit.earlyStopping, lab.train.earlyStopping);
    assert.equal(stop.bestEpoch, 0);
    assert.equal(h.restoredEpoch, 0);
    assert.match(h.stopReason, /early stopping: val_loss did not improve for 2 epochs/);
    // Restored weights are epoch 0's: evaluating them reproduces epoch 0's validation loss.
    const restored = tf.tidy(() => {
      const out = model.evaluate(tf.tensor2d(validation[0]), tf.oneHot(tf.tensor1d(validation[1], "int32"), 3));
      return out[0].dataSync()[0];
    });
    assert.ok(Math.abs(h.history.val_loss[2] - h.history.val_loss[0]) > 1e-3, "the test needs epochs with different losses");
    assert.ok(Math.abs(restored - h.history.val_loss[0]) < 1e-4, `restored loss ${restored} vs best ${h.history.val_loss[0]}`);
    assert.ok(overfit.evaluateAccuracy(model, data.take(Xs, s.validation), data.take(y, s.validation)) >= 0);
    assert.equal(tf.memory().numTensors, afterWarmup);
    model.dispose();
    assert.ok(tf.memory().numTensors < afterWarmup);
  });
});

describe("overfit.mlp options", () => {
  it("adds dropout layers and L2 penalties only when asked, and explains bad settings", () => {
    const plain = overfit.mlp({ inputs: 4, outputs: 3, hidden: [5, 6] });
    const reg = overfit.mlp({ inputs: 4, outputs: 3, hidden: [5, 6], dropout: 0.3, l2: 0.01 });
    assert.deepEqual(plain.layers.map((l) => l.getClassName()), ["Dense", "Dense", "Dense"]);
    assert.deepEqual(reg.layers.map((l) => l.getClassName()), ["Dense", "Dropout", "Dense", "Dropout", "Dense"]);
    plain.dispose();
    reg.dispose();
  });

  it("trains with the L2 penalty in the loss (same seeded weights, learning rate 0)", async () => {
    const plain = overfit.mlp({ inputs: 4, outputs: 3, hidden: [5], learningRate: 0 });
    const l2 = overfit.mlp({ inputs: 4, outputs: 3, hidden: [5], learningRate: 0, l2: 0.01 });
    const X = [[1, 2, 3, 4], [0, 1, 0, 1]];
    const y = [1, 2];
    const opts = { validation: [X, y], epochs: 1, batchSize: 2, display: "none" };
    const hPlain = await overfit.fitCurves(plain, X, y, opts);
    const hL2 = await overfit.fitCurves(l2, X, y, opts);
    const penalty = l2.layers.reduce((s, l) => s + tf.tidy(() => tf.sum(tf.square(l.getWeights()[0])).dataSync()[0]) * 0.01, 0);
    assert.ok(penalty > 0.01);
    assert.ok(Math.abs(hL2.history.loss[0] - hPlain.history.loss[0] - penalty) < 1e-4, `${hL2.history.loss[0]} - ${hPlain.history.loss[0]} vs ${penalty}`);
    plain.dispose();
    l2.dispose();
    assert.throws(() => overfit.mlp({ inputs: 4, outputs: 3, dropout: 1 }), TrainlabError);
  });

  it("dropout draws a new mask at every step, and a seeded run still repeats exactly", async () => {
    // Learning rate 0: the weights never change, so the training loss moves only with the mask.
    const X = Array.from({ length: 32 }, (_, i) => [i % 3, (i * 7) % 5, i % 2, 1]);
    const y = X.map((_, i) => i % 3);
    const run = async (seed) => {
      const model = overfit.mlp({ inputs: 4, outputs: 3, hidden: [64], dropout: 0.5, learningRate: 0 });
      const h = await overfit.fitCurves(model, X, y, { display: "none", validation: [X, y], epochs: 4, batchSize: 32, seed });
      model.optimizer.dispose(); // Adam's moments belong to the optimizer, not the model
      model.dispose();
      return h;
    };
    const before = tf.memory().numTensors;
    const a = await run(3);
    assert.equal(new Set(a.history.loss).size, 4, `one loss per step, all different: ${a.history.loss}`);
    assert.equal(new Set(a.history.val_loss).size, 1, "no dropout at evaluation");
    assert.deepEqual((await run(3)).history.loss, a.history.loss, "same seed, same run");
    assert.notDeepEqual((await run(4)).history.loss, a.history.loss, "another seed, other masks");
    const layer = overfit.mlp({ inputs: 4, outputs: 3, hidden: [64], dropout: 0.5 });
    const masks = tf.tidy(() => {
      const ones = tf.ones([1, 64]);
      return [0, 1].map(() => layer.layers[1].apply(ones, { training: true }).dataSync().join());
    });
    assert.notEqual(masks[0], masks[1], "the dropout layer itself draws a new mask per call");
    layer.optimizer.dispose();
    layer.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
