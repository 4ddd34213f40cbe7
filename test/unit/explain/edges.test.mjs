// Partial dependence and permutation importance on edge-case features (huge offset, tiny scale,
// constant, ties, ignored), against scikit-learn (test/fixtures/explain/make_explain_edges.py).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const fx = JSON.parse(readFileSync(new URL("../../fixtures/explain/edges.json", import.meta.url)));
const predictProba = (rows) => rows.map((r) => 1 / (1 + Math.exp(-(r.reduce((s, v, j) => s + v * fx.coef[j], 0) + fx.intercept))));
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const NAMES = ["a huge offset (1e6 + x)", "a tiny scale (1e-7·x)", "a constant column", "ties (three values)", "a feature the model ignores"];

describe(`explain on edge-case features (${fx.generated_by.split(": ")[1]})`, () => {
  it("the rebuilt model matches sklearn's predict_proba", () => {
    predictProba(fx.X).forEach((p, i) => close(p, fx.predictProba[i], 1e-9, `row ${i}`));
  });
  for (const ref of fx.partialDependence) {
    it(`partialDependence on ${NAMES[ref.feature]}${ref.sklearnRefuses ? " (sklearn refuses it: its grid and brute average, computed directly)" : ""}`, () => {
      const r = lab.explain.partialDependence(predictProba, fx.X, { feature: ref.feature, gridResolution: ref.gridResolution });
      assert.equal(r.grid.length, ref.grid.length);
      r.grid.forEach((v, g) => assert.ok(Math.abs(v - ref.grid[g]) <= 1e-15 * Math.max(1, Math.abs(ref.grid[g])), `grid ${g}: ${v} vs ${ref.grid[g]}`));
      r.average.forEach((v, g) => close(v, ref.average[g], 1e-9, `average ${g}`));
    });
  }
  it("permutationImportance replaying sklearn's shuffles: equal importances; 0 for the constant and the ignored feature", () => {
    const r = lab.explain.permutationImportance(predictProba, fx.X, { y: fx.y, nRepeats: fx.permutation.nRepeats, permutations: fx.permutation.permutations });
    r.importances.forEach((row, j) => row.forEach((v, k) => close(v, fx.permutation.importances[j][k], 1e-12, `imp[${j}][${k}]`)));
    r.importancesMean.forEach((v, j) => close(v, fx.permutation.importancesMean[j], 1e-12, `mean ${j}`));
    r.importancesStd.forEach((v, j) => close(v, fx.permutation.importancesStd[j], 1e-12, `std ${j}`));
    assert.equal(r.importancesMean[2], 0);
    assert.equal(r.importancesMean[4], 0);
  });
});

describe("explain.kernelShap on edge-case features", () => {
  const beta = [1.5, -2e7, 0.7, 3];
  const linear = (rows) => rows.map((r) => r.reduce((s, v, j) => s + v * beta[j], 0.25));
  const background = Array.from({ length: 20 }, (_, i) => [1e6 + Math.sin(i), 1e-7 * Math.cos(i * 1.3), 3, i % 3]);
  const mean = beta.map((_, j) => background.reduce((s, r) => s + r[j], 0) / background.length);
  it("a constant feature gets exactly 0 (shap's non-varying features); the others stay exact on huge offsets and tiny scales", () => {
    const X = [[1e6 + 0.5, 2e-7, 3, 2], [1e6 - 1, -1e-7, 3, 0]];
    const r = lab.explain.kernelShap(linear, X, { background });
    assert.equal(r.exact, true);
    X.forEach((x, i) => {
      assert.equal(r.values[i][2], 0);
      // f is about 1.5e6 here: its own rounding (1.5e6 · 2^-52 ≈ 3e-10) bounds what any explainer can resolve.
      x.forEach((v, j) => assert.ok(Math.abs(r.values[i][j] - beta[j] * (v - mean[j])) <= 2e-9, `φ[${i}][${j}]`));
    });
  });
  it("one varying feature takes the whole f(x) − E[f]; none varying gives all zeros", () => {
    const bg = [[1, 2, 3], [1, 2, 5]];
    const f = (rows) => rows.map((r) => r[0] * r[1] + r[2] ** 2);
    const one = lab.explain.kernelShap(f, [[1, 2, 7]], { background: bg });
    assert.deepEqual(one.values[0].slice(0, 2), [0, 0]);
    assert.ok(Math.abs(one.values[0][2] - (51 - (11 + 27) / 2)) < 1e-12);
    const none = lab.explain.kernelShap(f, [[1, 2, 3]], { background: [[1, 2, 3]] });
    assert.deepEqual(none.values[0], [0, 0, 0]);
  });
});

describe("the scores permutation importance uses, on edge cases (scikit-learn 1.2's metrics)", () => {
  for (const c of fx.scores) {
    it(`${c.name}: ${c.score} = ${c.value}`, () => {
      // The baseline score of a permutation run is the score of the unshuffled outputs.
      const X = c.yTrue.map((_, i) => [i]);
      const predict = (rows) => rows.map((r) => (c.outputs[r[0]].length === 1 ? c.outputs[r[0]][0] : c.outputs[r[0]]));
      const r = lab.explain.permutationImportance(predict, X, { y: c.yTrue, score: c.score, nRepeats: 1, permutations: [[X.map((_, i) => i)]] });
      assert.ok(Math.abs(r.baselineScore - c.value) <= 1e-12 * Math.abs(c.value), `${r.baselineScore} vs ${c.value}`);
    });
  }
});
