import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const fx = JSON.parse(readFileSync(new URL("../../fixtures/explain/breast_cancer_logreg.json", import.meta.url)));
const predictProba = (rows) =>
  rows.map((r) => 1 / (1 + Math.exp(-(r.reduce((s, v, j) => s + v * fx.coef[j], 0) + fx.intercept))));
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe("explain.partialDependence", () => {
  for (const ref of fx.partialDependence) {
    it(`matches sklearn's partial_dependence (brute) on feature ${ref.feature}`, () => {
      const r = lab.explain.partialDependence(predictProba, fx.X, { feature: ref.feature, gridResolution: ref.gridResolution });
      assert.equal(r.grid.length, ref.grid.length);
      r.grid.forEach((v, g) => close(v, ref.grid[g], 1e-9, `grid ${g}`));
      r.average.forEach((v, g) => close(v, ref.average[g], 1e-9, `average ${g}`));
      ref.individual.forEach((row, i) => row.forEach((v, g) => close(r.individual[i][g], v, 1e-9, `ice ${i},${g}`)));
    });
  }

  it("uses the unique values as grid when there are fewer than gridResolution (as sklearn)", () => {
    const ref = fx.partialDependenceDiscrete;
    const r = lab.explain.partialDependence(predictProba, ref.X, { feature: ref.feature, gridResolution: ref.gridResolution });
    assert.deepEqual(r.grid, ref.grid);
    r.average.forEach((v, g) => close(v, ref.average[g], 1e-9, `average ${g}`));
  });

  it("asks which output to use when predict returns many columns", () => {
    const three = (rows) => rows.map((r) => [0.2, 0.3, 0.5]);
    assert.throws(() => lab.explain.partialDependence(three, fx.X, { feature: 0 }), /output: classIndex/);
    const r = lab.explain.partialDependence(three, fx.X, { feature: 0, output: 2, gridResolution: 5 });
    assert.deepEqual(r.average.map((v) => +v.toFixed(12)), [0.5, 0.5, 0.5, 0.5, 0.5]);
  });
});
