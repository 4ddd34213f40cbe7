import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const F = lab.fairness;
const fx = JSON.parse(readFileSync(new URL("../../fixtures/fairness/cps_wages.json", import.meta.url)));
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

// A small table worked by hand.
//   group a (5 rows): yTrue 1 1 0 0 0, yPred 1 0 1 0 0 → tp 1, fn 1, fp 1, tn 2
//     selection 2/5 = 0.4, TPR 1/2 = 0.5, FPR 1/3, accuracy 3/5 = 0.6
//   group b (4 rows): yTrue 1 1 1 0, yPred 1 1 0 1     → tp 2, fn 1, fp 1, tn 0
//     selection 3/4 = 0.75, TPR 2/3, FPR 1/1 = 1, accuracy 2/4 = 0.5
//   overall (9 rows): selection 5/9, TPR 3/5 = 0.6, FPR 2/4 = 0.5, accuracy 5/9
//   DP difference 0.75 − 0.4 = 0.35; DP ratio 0.4 / 0.75 = 8/15
//   EO difference max(2/3 − 1/2, 1 − 1/3) = 2/3; EO ratio min((1/2)/(2/3), (1/3)/1) = 1/3
//   DP difference to overall: max(|0.4 − 5/9|, |0.75 − 5/9|) = 7/36
//   DP ratio to overall: min(0.4/(5/9), (5/9)/0.75) = min(0.72, 20/27) = 0.72
//   disparate impact vs b (highest): 0.4 / 0.75 = 0.5333 < 0.8 → fails the four-fifths rule
const yTrue = [1, 1, 0, 0, 0, 1, 1, 1, 0];
const yPred = [1, 0, 1, 0, 0, 1, 1, 0, 1];
const groups = ["a", "a", "a", "a", "a", "b", "b", "b", "b"];

describe("fairness metrics (hand-computed table)", () => {
  it("metricFrame: by group and overall", () => {
    const mf = F.metricFrame(yTrue, yPred, groups);
    assert.deepEqual(mf.groups, ["a", "b"]);
    const [a, b] = mf.byGroup;
    close(a.selectionRate, 0.4, 1e-12, "sr a"); close(a.truePositiveRate, 0.5, 1e-12, "tpr a");
    close(a.falsePositiveRate, 1 / 3, 1e-12, "fpr a"); close(a.accuracy, 0.6, 1e-12, "acc a");
    assert.equal(a.count, 5);
    close(b.selectionRate, 0.75, 1e-12, "sr b"); close(b.truePositiveRate, 2 / 3, 1e-12, "tpr b");
    close(b.falsePositiveRate, 1, 1e-12, "fpr b"); close(b.accuracy, 0.5, 1e-12, "acc b");
    close(mf.overall.selectionRate, 5 / 9, 1e-12, "sr"); close(mf.overall.truePositiveRate, 0.6, 1e-12, "tpr");
    close(mf.overall.falsePositiveRate, 0.5, 1e-12, "fpr"); close(mf.overall.accuracy, 5 / 9, 1e-12, "acc");
    close(mf.difference().selectionRate, 0.35, 1e-12, "diff");
    close(mf.ratio().selectionRate, 8 / 15, 1e-12, "ratio");
    close(mf.difference("to_overall").selectionRate, 7 / 36, 1e-12, "diff to overall");
    close(mf.ratio("to_overall").selectionRate, 0.72, 1e-12, "ratio to overall");
    close(mf.groupMin().truePositiveRate, 0.5, 1e-12, "min"); close(mf.groupMax().falsePositiveRate, 1, 1e-12, "max");
    assert.match(mf.toHTML(), /overall/);
  });

  it("demographic parity and equalized odds, difference and ratio", () => {
    close(F.demographicParityDifference(yTrue, yPred, groups), 0.35, 1e-12, "dpd");
    close(F.demographicParityRatio(yTrue, yPred, groups), 8 / 15, 1e-12, "dpr");
    close(F.equalizedOddsDifference(yTrue, yPred, groups), 2 / 3, 1e-12, "eod");
    close(F.equalizedOddsRatio(yTrue, yPred, groups), 1 / 3, 1e-12, "eor");
  });

  it("disparate impact and the four-fifths rule", () => {
    const di = F.disparateImpact(yTrue, yPred, groups);
    assert.equal(di.reference, "b");
    close(di.ratios.a, 0.4 / 0.75, 1e-12, "ratio a");
    assert.equal(di.passes, false);
    const vsA = F.disparateImpact(yTrue, yPred, groups, { reference: "a" });
    close(vsA.ratios.b, 1.875, 1e-12, "b vs a");
    assert.throws(() => F.disparateImpact(yTrue, yPred, groups, { reference: "c" }), /not among the groups/);
  });

  it("a group without positives has TPR 0 (Fairlearn), and equal rates give difference 0", () => {
    assert.equal(F.truePositiveRate([0, 0], [1, 0]), 0);
    close(F.demographicParityDifference([0, 1, 0, 1], [1, 0, 1, 0], ["x", "x", "y", "y"]), 0, 0, "equal");
  });

  it("rejects scores where labels are expected, and mismatched lengths", () => {
    assert.throws(() => F.metricFrame([1, 0], [0.7, 0.2], ["a", "b"]), /must be 0 or 1/);
    assert.throws(() => F.metricFrame([1, 0], [1], ["a", "b"]), /one entry per row/);
  });
});

describe("fairness metrics on CPS 1985 wages (sklearn confusion_matrix, Fairlearn formulas)", () => {
  for (const attr of ["gender", "race"]) {
    const exp = fx.expected[attr];
    it(`by ${attr}: confusion counts and rates per group`, () => {
      const mf = F.metricFrame(fx.yTrue, fx.yPred, fx[attr]);
      assert.deepEqual(mf.groups, exp.groups);
      for (const row of mf.byGroup) {
        const e = exp.byGroup[row.group];
        const idx = fx[attr].map((g, i) => (g === row.group ? i : -1)).filter((i) => i >= 0);
        const c = F.confusionCounts(idx.map((i) => fx.yTrue[i]), idx.map((i) => fx.yPred[i]));
        assert.deepEqual([c.tn, c.fp, c.fn, c.tp], e.confusion);
        for (const m of ["selectionRate", "truePositiveRate", "falsePositiveRate", "accuracy", "count"]) close(row[m], e[m], 1e-12, `${row.group} ${m}`);
      }
      for (const m of Object.keys(exp.overall)) close(mf.overall[m], exp.overall[m], 1e-12, `overall ${m}`);
    });
    it(`by ${attr}: parity differences and ratios`, () => {
      close(F.demographicParityDifference(fx.yTrue, fx.yPred, fx[attr]), exp.demographicParityDifference, 1e-12, "dpd");
      close(F.demographicParityRatio(fx.yTrue, fx.yPred, fx[attr]), exp.demographicParityRatio, 1e-12, "dpr");
      close(F.demographicParityDifference(fx.yTrue, fx.yPred, fx[attr], { method: "to_overall" }), exp.demographicParityDifferenceToOverall, 1e-12, "dpd o");
      close(F.demographicParityRatio(fx.yTrue, fx.yPred, fx[attr], { method: "to_overall" }), exp.demographicParityRatioToOverall, 1e-12, "dpr o");
      close(F.equalizedOddsDifference(fx.yTrue, fx.yPred, fx[attr]), exp.equalizedOddsDifference, 1e-12, "eod");
      close(F.equalizedOddsRatio(fx.yTrue, fx.yPred, fx[attr]), exp.equalizedOddsRatio, 1e-12, "eor");
      const di = F.disparateImpact(fx.yTrue, fx.yPred, fx[attr]);
      for (const g of exp.groups) close(di.ratios[g], exp.disparateImpactVsHighest[g], 1e-12, `di ${g}`);
    });
  }
});
