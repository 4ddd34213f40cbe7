import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tf = require("@tensorflow/tfjs");
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe("explain gradients (saliency, integrated gradients)", () => {
  const W = [[1, -2], [0.5, 3], [-1, 0], [2, 1]]; // 4 inputs → 2 outputs
  const b = [0.1, -0.3];
  const linear = (x) => tf.add(tf.matMul(x, tf.tensor2d(W)), tf.tensor1d(b));
  const X = [[1, 2, 3, 4], [-1, 0.5, 2, 0]];

  it("saliency of a linear model is |its weights| for the chosen output", () => {
    const before = tf.memory().numTensors;
    const s = lab.explain.saliency(linear, X, { output: 1 });
    assert.equal(tf.memory().numTensors, before);
    s.forEach((row) => row.forEach((v, j) => close(v, Math.abs(W[j][1]), 1e-6, `s[${j}]`)));
    const signed = lab.explain.saliency(linear, X, { output: 0, absolute: false });
    signed.forEach((row) => row.forEach((v, j) => close(v, W[j][0], 1e-6, `g[${j}]`)));
  });

  it("integrated gradients of a linear model are exact: w_j (x_j − baseline_j)", () => {
    const before = tf.memory().numTensors;
    const baseline = [0.5, -1, 0, 1];
    const r = lab.explain.integratedGradients(linear, X, { output: 1, baseline, steps: 4 });
    assert.equal(tf.memory().numTensors, before);
    X.forEach((x, i) => x.forEach((v, j) => close(r.attributions[i][j], W[j][1] * (v - baseline[j]), 1e-5, `a[${i}][${j}]`)));
    r.gap.forEach((g) => close(g, 0, 1e-4, "gap"));
  });

  it("on a non-linear model the completeness gap shrinks with more steps", () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 8, inputShape: [4], activation: "tanh", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })],
    });
    const before = tf.memory().numTensors;
    const coarse = lab.explain.integratedGradients(model, X, { steps: 2 });
    const fine = lab.explain.integratedGradients(model, X, { steps: 200 });
    assert.equal(tf.memory().numTensors, before);
    assert.ok(fine.maxRelativeGap < 0.01, `fine gap ${fine.maxRelativeGap}`);
    assert.ok(fine.maxRelativeGap < coarse.maxRelativeGap, `${fine.maxRelativeGap} < ${coarse.maxRelativeGap}`);
    const preds = model.predict(tf.tensor2d(X)).arraySync();
    fine.output.forEach((c, i) => assert.equal(c, preds[i].indexOf(Math.max(...preds[i]))));
    model.dispose();
  });

  it("reshapes rows for an image model and explains wrong shapes", () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2, 1] }), tf.layers.dense({ units: 1, useBias: false, kernelInitializer: "ones" })] });
    const s = lab.explain.saliency(model, X, { inputShape: [2, 2, 1] });
    assert.deepEqual(s, [[1, 1, 1, 1], [1, 1, 1, 1]]);
    assert.throws(() => lab.explain.saliency(model, X, { inputShape: [3, 3, 1] }), /inputShape/);
    model.dispose();
  });
});
