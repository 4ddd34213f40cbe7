// One estimator protocol (fit / predict / predictProba) for neural models too, accepted by every consumer.
import assert from "node:assert/strict";
import { lab, tf } from "./helpers.mjs";

const { datasets, data, overfit, explain, deploy } = lab;

function iris() {
  const { X, y } = datasets.toXY(datasets.load("iris"), { target: "species" });
  return { X: X.map((r) => r.map((v) => v / 8)), y };
}

describe("train.estimator: any tf.LayersModel behind the estimator protocol", function () {
  this.timeout(120000);

  it("overfit.mlpClassifier cross-validates like a classical estimator, and frees every fold's model", async () => {
    const { X, y } = iris();
    const before = tf.memory().numTensors;
    const cv = await overfit.crossValidate(overfit.mlpClassifier({ hidden: [8], epochs: 40, learningRate: 0.05, outputs: 3 }), X, y, { cv: 3 });
    assert.equal(tf.memory().numTensors, before, "each fold's network and Adam moments are disposed");
    assert.equal(cv.scores.length, 3);
    assert.ok(cv.mean > 0.8, `mean accuracy ${cv.mean}`);
    const lc = await data.learningCurve(overfit.mlpClassifier({ hidden: [8], epochs: 5, outputs: 3 }), X, y, { cv: 3, trainSizes: [0.5, 1] });
    assert.equal(lc.testMean.length, 2);
    assert.equal(tf.memory().numTensors, before);
  });

  it("wraps a compiled model: fit trains it in place through lab.train.fit; predict and predictProba answer with arrays", async () => {
    const { X, y } = iris();
    const model = overfit.mlp({ inputs: 4, outputs: 3, hidden: [8], learningRate: 0.05 });
    const est = lab.train.estimator(model, { epochs: 30, seed: 1 });
    assert.equal(await est.fit(X, y), est);
    assert.equal(est.model, model);
    assert.equal(est.history.epoch.length, 30, "lab.train.fit's history");
    const proba = est.predictProba(X.slice(0, 5));
    assert.equal(proba.length, 5);
    for (const p of proba) assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-5);
    const pred = est.predict(X);
    assert.deepEqual(pred.slice(0, 5), proba.map((p) => p.indexOf(Math.max(...p))));
    assert.ok(data.accuracy(y, pred) > 0.8);
    est.dispose(); // the learner owns a wrapped model: dispose leaves it alone
    assert.ok(!model.isDisposed ?? true);
    model.predict(tf.zeros([1, 4])).dispose();
    await assert.rejects(est.fit(X, y.slice(1)), /one entry per sample/);
    await assert.rejects(lab.train.estimator(model).fit(X, y.map((v) => v + 5)), /label 0 is 5.*3 classes/);
    assert.throws(() => lab.train.estimator({}), /tf.LayersModel/);
    assert.throws(() => lab.train.estimator(() => model).predict(X), /call fit\(X, y\) first/);
    model.optimizer.dispose();
    model.dispose();
  });

  it("reads a single sigmoid output as P(class 1) and a squared-error model as a regressor", async () => {
    const X = [[0], [1], [2], [3]];
    const sig = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], activation: "sigmoid" })] });
    sig.compile({ optimizer: "sgd", loss: "binaryCrossentropy" });
    const bin = await lab.train.estimator(sig, { epochs: 1 }).fit(X, [0, 0, 1, 1]);
    const p = bin.predictProba(X);
    assert.ok(p.every((r) => r.length === 2 && Math.abs(r[0] + r[1] - 1) < 1e-6));
    assert.deepEqual(bin.predict(X), p.map((r) => (r[1] > r[0] ? 1 : 0)));
    const lin = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    lin.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const reg = await lab.train.estimator(lin, { epochs: 1 }).fit(X, [0, 2, 4, 6]);
    assert.equal(reg.task, "regressor");
    const raw = tf.tidy(() => Array.from(lin.predict(tf.tensor2d(X)).dataSync()));
    assert.deepEqual(reg.predict(X), raw);
    assert.throws(() => reg.predictProba(X), /regressor/);
    tf.dispose([sig, lin]);
  });

  it("explainers accept a fitted estimator or a tf.LayersModel as well as a predict function", async () => {
    const { X, y } = iris();
    const logistic = data.logisticRegression().fit(X, y);
    const permutations = X[0].map(() => [X.map((_, i) => (i * 7) % X.length)]);
    const byFn = explain.permutationImportance((rows) => logistic.predictProba(rows), X, { y, nRepeats: 1, permutations });
    const byEstimator = explain.permutationImportance(logistic, X, { y, nRepeats: 1, permutations });
    assert.deepEqual(byEstimator.importances, byFn.importances);
    const model = overfit.mlp({ inputs: 4, outputs: 3, hidden: [4] });
    const est = lab.train.estimator(model);
    const viaModel = explain.partialDependence(model, X, { feature: 2, output: 1, gridResolution: 5 });
    const viaEstimator = explain.partialDependence(est, X, { feature: 2, output: 1, gridResolution: 5 });
    assert.deepEqual(viaModel.average, viaEstimator.average);
    assert.throws(() => explain.permutationImportance(42, X, { y }), /predict function.*fitted estimator.*tf.LayersModel/);
    const background = [X[0].map((_, j) => X.reduce((t, r) => t + r[j], 0) / X.length)];
    const shapOf = (p) => explain.kernelShap(p, X.slice(0, 2), { background, output: 1, nSamples: 64, seed: 1 }).values;
    assert.equal(shapOf(est).length, 2);
    assert.deepEqual(shapOf(est), shapOf(model));
    assert.deepEqual(explain.saliency(est, X.slice(0, 3), { output: 1 }), explain.saliency(model, X.slice(0, 3), { output: 1 }));
    // Deployment's monitor (and serve) take the wrapped model too.
    const x = tf.tensor2d(X.slice(0, 6));
    assert.deepEqual(deploy.monitorColumns(est, x), deploy.monitorColumns(model, x));
    x.dispose();
    model.optimizer.dispose();
    model.dispose();
  });
});
