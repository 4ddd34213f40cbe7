// fairness.evaluate(model, X, yTrue, groups): the metric frame and parity differences of any fitted
// estimator's decisions — the same numbers as metricFrame(yTrue, model.predict(X), groups).
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const F = lab.fairness;

// The hand-worked table of metrics.test.mjs, produced by a "model" that returns these decisions.
const yTrue = [1, 1, 0, 0, 0, 1, 1, 1, 0];
const yPred = [1, 0, 1, 0, 0, 1, 1, 0, 1];
const groups = ["a", "a", "a", "a", "a", "b", "b", "b", "b"];
const X = yPred.map((p, i) => [i, p]);
/** A fitted estimator whose decision is column 1 and whose P(1) is 0.3 + 0.4·decision. */
const fitted = { predict: (rows) => rows.map((r) => r[1]), predictProba: (rows) => rows.map((r) => [0.7 - 0.4 * r[1], 0.3 + 0.4 * r[1]]) };

describe("fairness.evaluate: any fitted estimator", () => {
  it("gives the hand-worked metrics of its decisions (DP difference 0.35, TPR/FPR by group)", async () => {
    const e = await F.evaluate(fitted, X, yTrue, groups);
    assert.deepEqual(e.yPred, yPred);
    lab.assertClose(e.demographicParityDifference, 0.35, 1e-12);
    // EO difference: max(|0.5 − 2/3|, |1/3 − 1|) = 2/3.
    lab.assertClose(e.equalizedOddsDifference, 2 / 3, 1e-12);
    const b = e.frame.byGroup.find((r) => r.group === "b");
    lab.assertClose(b.truePositiveRate, 2 / 3, 1e-12);
    lab.assertClose(b.falsePositiveRate, 1, 1e-12);
    assert.deepEqual(e.frame.overall, F.metricFrame(yTrue, yPred, groups).overall);
  });

  it("thresholds predictProba when given a threshold; a real classifier (knn) works as is", async () => {
    const all1 = await F.evaluate(fitted, X, yTrue, groups, { threshold: 0.2 });
    assert.deepEqual(all1.yPred, yTrue.map(() => 1));
    lab.assertClose(all1.demographicParityDifference, 0, 1e-12);
    const knn = await lab.data.knn({ k: 1 }).fit(X, yPred);
    const e = await F.evaluate(knn, X, yTrue, groups);
    assert.deepEqual(e.yPred, yPred, "1-NN on its own training rows returns their labels");
  });

  it("says what to pass instead of an unfitted estimator, a bad threshold, or a model without predictProba", async () => {
    await assert.rejects(F.evaluate(lab.data.knn(), X, yTrue, groups), (e) => e instanceof lab.TrainlabError && /fitted estimator/.test(e.message));
    await assert.rejects(F.evaluate(fitted, X, yTrue, groups, { threshold: 2 }), /threshold must be a probability/);
    await assert.rejects(F.evaluate({ predict: fitted.predict }, X, yTrue, groups, { threshold: 0.5 }), /no predictProba/);
    await assert.rejects(F.evaluate(fitted, X.slice(1), yTrue, groups), /one row per label/);
  });
});
