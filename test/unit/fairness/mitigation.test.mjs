import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const F = lab.fairness;
const fx = JSON.parse(readFileSync(new URL("../../fixtures/fairness/cps_wages.json", import.meta.url)));
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe("fairness.reweigh", () => {
  // Hand calculation: n = 6; group a: labels 1 1 0 (n_a = 3), group b: labels 1 0 0 (n_b = 3);
  // n_1 = 3, n_0 = 3. w(a,1) = 3·3/(6·2) = 0.75, w(a,0) = 3·3/(6·1) = 1.5,
  // w(b,1) = 3·3/(6·1) = 1.5, w(b,0) = 3·3/(6·2) = 0.75.
  it("w = n_g·n_y / (n·n_gy) on a hand-computed table", () => {
    const r = F.reweigh([1, 1, 0, 1, 0, 0], ["a", "a", "a", "b", "b", "b"]);
    assert.deepEqual(r.weights, [0.75, 0.75, 1.5, 1.5, 0.75, 0.75]);
    assert.deepEqual(r.table.map((c) => [c.group, c.label, c.count, c.weight]), [["a", 0, 1, 1.5], ["a", 1, 2, 0.75], ["b", 0, 2, 0.75], ["b", 1, 1, 1.5]]);
  });

  it("matches the AIF360 formula on CPS wages and makes label independent of group", () => {
    const r = F.reweigh(fx.yTrue, fx.gender);
    r.weights.forEach((w, i) => close(w, fx.reweighGender[i], 1e-12, `w ${i}`));
    const overall = fx.yTrue.reduce((s, v) => s + v, 0) / fx.yTrue.length;
    for (const g of ["female", "male"]) {
      let wPos = 0, wAll = 0;
      fx.gender.forEach((gi, i) => { if (gi === g) { wAll += r.weights[i]; wPos += r.weights[i] * fx.yTrue[i]; } });
      close(wPos / wAll, overall, 1e-12, `weighted positive rate ${g}`);
      close(wAll, fx.gender.filter((x) => x === g).length, 1e-9, `group size ${g}`);
    }
  });
});

// Independent check: try every pair of thresholds for the two groups and keep the most accurate
// pair that meets the constraint.
function bruteForce(yTrue, scores, groups, constraint, tol) {
  const keys = [...new Set(groups)].sort();
  const cands = keys.map((g) => [Infinity, ...new Set(scores.filter((_, i) => groups[i] === g))]);
  let best = null;
  for (const t0 of cands[0]) for (const t1 of cands[1]) {
    const th = { [keys[0]]: t0, [keys[1]]: t1 };
    const yPred = scores.map((s, i) => (s >= th[groups[i]] ? 1 : 0));
    const disp = constraint === "demographic_parity"
      ? F.demographicParityDifference(yTrue, yPred, groups)
      : F.equalizedOddsDifference(yTrue, yPred, groups);
    if (disp > tol + 1e-12) continue;
    const acc = F.accuracy(yTrue, yPred);
    if (!best || acc > best.acc) best = { acc, disp };
  }
  return best;
}

describe("fairness.groupThresholds", () => {
  // A subset keeps the brute force quick; all distinct scores are candidates (maxCandidates large).
  const idx = fx.yTrue.map((_, i) => i).filter((i) => i % 3 === 0);
  const y = idx.map((i) => fx.yTrue[i]);
  const s = idx.map((i) => +fx.scores[i].toFixed(2));
  const g = idx.map((i) => fx.gender[i]);

  for (const [constraint, tol] of [["demographic_parity", 0.02], ["demographic_parity", 0.1], ["equalized_odds", 0.1]]) {
    it(`${constraint}, tolerance ${tol}: as accurate as the exhaustive search, and meets the constraint`, () => {
      const r = F.groupThresholds(y, s, g, { constraint, tolerance: tol, maxCandidates: 1000 });
      const best = bruteForce(y, s, g, constraint, tol);
      close(r.accuracy, best.acc, 1e-12, "accuracy");
      const yPred = r.predict(s, g);
      const disp = constraint === "demographic_parity" ? F.demographicParityDifference(y, yPred, g) : F.equalizedOddsDifference(y, yPred, g);
      assert.ok(disp <= tol + 1e-12, `disparity ${disp}`);
      close(disp, r.disparity, 1e-12, "reported disparity");
      close(F.accuracy(y, yPred), r.accuracy, 1e-12, "reported accuracy");
    });
  }

  it("the trade-off curve: looser tolerance never costs accuracy; parity costs some on CPS", () => {
    const curve = F.tradeoffCurve(fx.yTrue, fx.scores, fx.gender, { constraint: "demographic_parity", tolerances: [0, 0.02, 0.05, 0.1, 1] });
    for (let k = 1; k < curve.length; k++) assert.ok(curve[k].accuracy >= curve[k - 1].accuracy - 1e-12);
    curve.forEach((p) => assert.ok(p.disparity <= p.tolerance + 1e-12, `tolerance ${p.tolerance}: disparity ${p.disparity}`));
    const yBase = fx.scores.map((v) => (v >= 0.5 ? 1 : 0));
    assert.ok(curve[curve.length - 1].accuracy >= F.accuracy(fx.yTrue, yBase), "free thresholds at least as good as one threshold");
  });

  it("tolerance 0 always has an answer, even when only a trivial one exists", () => {
    // Group a ranks its negative above its positive: it can reach (TPR, FPR) = (0,0), (0,1), (1,1).
    // Group b ranks perfectly: (0,0), (1,0), (1,1). Equal odds only at (0,0) or (1,1): accuracy 2/4.
    const y = [1, 0, 1, 0], s = [0.2, 0.9, 0.9, 0.2], g = ["a", "a", "b", "b"];
    const r = F.groupThresholds(y, s, g, { constraint: "equalized_odds", tolerance: 0 });
    assert.equal(r.disparity, 0);
    assert.equal(r.accuracy, 0.5);
    assert.equal(F.equalizedOddsDifference(y, r.predict(s, g), g), 0);
    // With a loose tolerance each group takes its best threshold: b is perfect, a gets 1 of 2.
    assert.equal(F.groupThresholds(y, s, g, { constraint: "equalized_odds", tolerance: 1 }).accuracy, 0.75);
  });

  it("explains bad options", () => {
    assert.throws(() => F.groupThresholds(y, s, g, { constraint: "fair" }), /demographic_parity/);
    const r = F.groupThresholds(y, s, g, { constraint: "demographic_parity" });
    assert.throws(() => r.predict([0.5], ["other"]), /not seen/);
  });
});
