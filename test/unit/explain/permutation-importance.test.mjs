import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const fx = JSON.parse(readFileSync(new URL("../../fixtures/explain/breast_cancer_logreg.json", import.meta.url)));

// The same logistic regression as in the fixture, rebuilt from its exported coefficients.
const predictProba = (rows) =>
  rows.map((r) => 1 / (1 + Math.exp(-(r.reduce((s, v, j) => s + v * fx.coef[j], 0) + fx.intercept))));

const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

describe("explain.permutationImportance", () => {
  it("rebuilt model matches sklearn's predict_proba", () => {
    predictProba(fx.X).forEach((p, i) => close(p, fx.predictProba[i], 1e-12, `row ${i}`));
  });

  it("replaying sklearn's shuffles reproduces sklearn's importances exactly (accuracy)", () => {
    const r = lab.explain.permutationImportance(predictProba, fx.X, {
      y: fx.y, nRepeats: fx.permutation.nRepeats, permutations: fx.permutation.permutations,
    });
    close(r.baselineScore, fx.permutation.baselineScore, 1e-12, "baseline");
    r.importances.forEach((row, j) => row.forEach((v, k) => close(v, fx.permutation.importances[j][k], 1e-12, `imp[${j}][${k}]`)));
    r.importancesMean.forEach((v, j) => close(v, fx.permutation.importancesMean[j], 1e-12, `mean ${j}`));
    r.importancesStd.forEach((v, j) => close(v, fx.permutation.importancesStd[j], 1e-12, `std ${j}`));
  });

  it("replaying sklearn's shuffles reproduces sklearn's neg_log_loss importances", () => {
    const r = lab.explain.permutationImportance(predictProba, fx.X, {
      y: fx.y, score: "neg_log_loss", nRepeats: fx.permutation.nRepeats, permutations: fx.permutation.permutations,
    });
    r.importancesMean.forEach((v, j) => close(v, fx.permutation.logLoss.importancesMean[j], 1e-9, `mean ${j}`));
    r.importancesStd.forEach((v, j) => close(v, fx.permutation.logLoss.importancesStd[j], 1e-9, `std ${j}`));
  });

  it("its own seeded shuffles agree with sklearn's many-repeat means within sampling error", () => {
    const ref = fx.permutationMany;
    const r = lab.explain.permutationImportance(predictProba, fx.X, { y: fx.y, score: "neg_log_loss", nRepeats: ref.nRepeats, seed: 7 });
    r.importancesMean.forEach((v, j) => {
      // Two independent means of nRepeats draws: their difference has sd ≈ std·√(2/n).
      const tol = 4 * ref.importancesStd[j] * Math.sqrt(2 / ref.nRepeats) + 1e-4;
      close(v, ref.importancesMean[j], tol, `feature ${j}`);
    });
    const top = r.order[0];
    const refTop = ref.importancesMean.indexOf(Math.max(...ref.importancesMean));
    assert.equal(top, refTop, "most important feature");
  });

  it("same seed, same numbers; a feature the model ignores scores exactly 0", () => {
    const X = fx.X.map((r) => [...r.slice(0, 3)]);
    const predict = (rows) => rows.map((r) => (r[0] + 0.5 * r[1] > 0 ? 1 : 0));
    const y = predict(X);
    const a = lab.explain.permutationImportance(predict, X, { y, nRepeats: 3, seed: 1 });
    const b = lab.explain.permutationImportance(predict, X, { y, nRepeats: 3, seed: 1 });
    assert.deepEqual(a.importances, b.importances);
    assert.deepEqual(a.importances[2], [0, 0, 0]);
    assert.ok(a.importancesMean[0] > a.importancesMean[1] && a.importancesMean[1] > 0);
    assert.deepEqual(a.order, [0, 1, 2]);
    assert.match(a.toHTML(), /<table>/);
  });

  it("says what is wrong with bad input", () => {
    assert.throws(() => lab.explain.permutationImportance(predictProba, fx.X, { y: [1, 0] }), /one target per row/);
    assert.throws(() => lab.explain.permutationImportance(() => [1], fx.X, { y: fx.y }), /outputs for 150 rows/);
  });
});
