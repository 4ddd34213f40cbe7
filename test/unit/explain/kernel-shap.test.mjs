import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

const rand = lab.explain.seededRandom(3);
const rows = (n, d) => Array.from({ length: n }, () => Array.from({ length: d }, () => rand() * 4 - 2));

// Exact Shapley values by their definition (a sum over subsets), same value function:
// v(S) = mean over background rows of f(x_S, b_{not S}).
function bruteShapley(f, x, background) {
  const d = x.length;
  const v = (mask) => {
    const mixed = background.map((b) => b.map((bv, j) => ((mask >> j) & 1 ? x[j] : bv)));
    return f(mixed).reduce((s, y) => s + y, 0) / background.length;
  };
  const fact = (k) => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Array(d).fill(0);
  for (let mask = 0; mask < 1 << d; mask++) {
    const s = mask.toString(2).split("").filter((c) => c === "1").length;
    for (let i = 0; i < d; i++) {
      if ((mask >> i) & 1) continue;
      phi[i] += ((fact(s) * fact(d - s - 1)) / fact(d)) * (v(mask | (1 << i)) - v(mask));
    }
  }
  return phi;
}

describe("explain.kernelShap", () => {
  const beta = [1.5, -2, 0.5, 0, 3];
  const linear = (X) => X.map((r) => r.reduce((s, v, j) => s + v * beta[j], 0) + 0.7);
  const X = rows(4, 5);
  const background = rows(30, 5);
  const mean = beta.map((_, j) => background.reduce((s, r) => s + r[j], 0) / background.length);

  it("is exact on a linear model: φ_j = β_j (x_j − mean_j), with a mean baseline row", () => {
    const r = lab.explain.kernelShap(linear, X, { background: [mean] });
    assert.equal(r.exact, true);
    X.forEach((x, i) => x.forEach((v, j) => close(r.values[i][j], beta[j] * (v - mean[j]), 1e-9, `φ[${i}][${j}]`)));
  });

  it("is exact on a linear model with a many-row background too, and with sampled coalitions", () => {
    const full = lab.explain.kernelShap(linear, X, { background });
    const sampled = lab.explain.kernelShap(linear, X, { background, nSamples: 16, seed: 1 });
    assert.equal(sampled.exact, false);
    for (const r of [full, sampled]) {
      X.forEach((x, i) => x.forEach((v, j) => close(r.values[i][j], beta[j] * (v - mean[j]), 1e-8, `φ[${i}][${j}]`)));
    }
  });

  it("equals the Shapley values computed from their definition on a non-linear model", () => {
    const f = (A) => A.map((r) => r[0] * r[1] + Math.sin(r[2]) + r[3] * r[3] - r[0] * r[3]);
    const bg = rows(8, 4);
    const x = rows(2, 4);
    const r = lab.explain.kernelShap(f, x, { background: bg });
    x.forEach((xi, i) => bruteShapley(f, xi, bg).forEach((p, j) => close(r.values[i][j], p, 1e-9, `φ[${i}][${j}]`)));
  });

  it("satisfies efficiency: base value + Σφ = f(x), even when sampling", () => {
    const f = (A) => A.map((r) => Math.tanh(r[0] * r[1]) + r[2] ** 3 - r[4]);
    const r = lab.explain.kernelShap(f, X, { background: background.slice(0, 5), nSamples: 10, seed: 2 });
    const fxs = f(X);
    r.values.forEach((phi, i) => close(r.baseValue + phi.reduce((s, v) => s + v, 0), fxs[i], 1e-9, `row ${i}`));
  });

  it("sampled coalitions (d = 10, 600 of 1,022): close to the exact values, and unbiased across seeds", () => {
    const d = 10;
    const x = rows(1, d), bg = rows(1, d);
    const f = (A) => A.map((r) => r[0] * r[1] + Math.sin(3 * r[2]) * r[3] + r[4] ** 2 + r[5] * r[6] * r[7] + 2 * r[8] - r[9]);
    const exact = lab.explain.kernelShap(f, x, { background: bg });
    assert.equal(exact.exact, true);
    const scale = Math.max(...exact.values[0].map(Math.abs));
    const runs = 20;
    const mean = new Array(d).fill(0);
    for (let seed = 0; seed < runs; seed++) {
      const sampled = lab.explain.kernelShap(f, x, { background: bg, nSamples: 600, seed });
      assert.equal(sampled.exact, false);
      exact.values[0].forEach((v, j) => close(sampled.values[0][j], v, 0.08 * scale, `seed ${seed} φ${j}`));
      sampled.values[0].forEach((v, j) => (mean[j] += v / runs));
    }
    // Sampling noise averages out (≈ 1/√20 of one run's error); a mis-weighted estimator's bias would not.
    exact.values[0].forEach((v, j) => close(mean[j], v, 0.015 * scale, `mean φ${j}`));
  });

  it("Shapley kernel weights: (d−1)/(C(d,s)·s·(d−s))", () => {
    close(lab.explain.shapleyKernelWeight(4, 1), 3 / (4 * 1 * 3), 1e-15, "d=4,s=1");
    close(lab.explain.shapleyKernelWeight(4, 2), 3 / (6 * 2 * 2), 1e-15, "d=4,s=2");
    assert.equal(lab.explain.shapleyKernelWeight(4, 0), Infinity);
  });

  it("explains the positive class of a two-column classifier and rejects a bad background", () => {
    const proba = (A) => A.map((r) => { const p = 1 / (1 + Math.exp(-r[0])); return [1 - p, p]; });
    const r = lab.explain.kernelShap(proba, [[1, 2]], { background: [[0, 0]] });
    close(r.values[0][0], 1 / (1 + Math.exp(-1)) - 0.5, 1e-12, "φ0");
    close(r.values[0][1], 0, 1e-12, "φ1");
    assert.throws(() => lab.explain.kernelShap(proba, [[1, 2]], { background: [[0]] }), /same 2 features/);
  });
});
