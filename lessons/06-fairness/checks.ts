import { assertClose as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

/**
 * The IBM attrition data split by `seed`: 980 training and 490 test employees, the lesson's model
 * inputs standardized with the training rows' mean and deviation, and each employee's age band.
 * (The same generator is in checks.ts and hidden.ts: a lesson's test files cannot import each other.)
 */
function attritionTask(seed: number) {
  const hit = attritionTasks.get(seed);
  if (hit) return hit;
  const table = lab.datasets.load("ibm-attrition");
  const employees = table.objects() as Array<Record<string, any>>;
  const xy = lab.datasets.toXY(table, { target: "attrition", oneHot: true,
    features: ["business_travel", "department", "distance_from_home", "job_level", "job_satisfaction", "marital_status",
      "over_time", "total_working_years", "years_at_company", "environment_satisfaction", "work_life_balance"] });
  const band = employees.map((e) => (e.age < 30 ? "under 30" : e.age < 45 ? "30–44" : "45 and over"));
  const order = lab.data.shuffled(xy.y.map((_, i) => i), lab.explain.seededRandom(seed));
  const train = order.slice(0, 980), test = order.slice(980);
  const mu = xy.featureNames.map((_, j) => train.reduce((s, i) => s + xy.X[i][j], 0) / train.length);
  const sd = xy.featureNames.map((_, j) => Math.sqrt(train.reduce((s, i) => s + (xy.X[i][j] - mu[j]) ** 2, 0) / train.length) || 1);
  const rows = (idx: number[]) => idx.map((i) => xy.X[i].map((v, j) => (v - mu[j]) / sd[j]));
  const task = {
    Xtrain: rows(train), quitTrain: train.map((i) => xy.y[i]), bandsTrain: train.map((i) => band[i]),
    Xtest: rows(test), quitTest: test.map((i) => xy.y[i]), bandsTest: test.map((i) => band[i]),
  };
  attritionTasks.set(seed, task);
  return task;
}
const attritionTasks = new Map<number, any>();

/** Bars of exercise 6.5: share flagged, parity across bands, share of the flagged who quit. */
function assertRetentionFlags(flags: number[], task: { quitTest: number[]; bandsTest: string[] }) {
  const n = task.quitTest.length;
  assert.ok(Array.isArray(flags) && flags.length === n, `expected ${n} flags (one per test employee), got ${Array.isArray(flags) ? flags.length : typeof flags}`);
  const flagged = flags.filter((f) => f === 1).length;
  assert.ok(flagged >= 0.18 * n && flagged <= 0.22 * n, `${flagged} of ${n} employees flagged: the budget is a fifth (18–22 %)`);
  const parity = lab.fairness.demographicParityDifference(task.quitTest, flags, task.bandsTest);
  assert.ok(parity <= 0.05, `demographic parity difference across age bands ${parity.toFixed(3)}: the bar is 0.05`);
  const precision = flags.filter((f, i) => f === 1 && task.quitTest[i] === 1).length / flagged;
  assert.ok(precision >= 0.3, `${(100 * precision).toFixed(1)} % of the flagged employees quit: the bar is 30 %`);
}

/** Bars of exercise 6.6: largest gap between bands' mean scores, and ROC AUC. */
function assertFairScores(scores: number[], task: { quitTest: number[]; bandsTest: string[] }) {
  const n = task.quitTest.length;
  assert.ok(Array.isArray(scores) && scores.length === n && scores.every((s) => Number.isFinite(s)), `expected ${n} finite scores (one per test employee)`);
  const means = [...new Set(task.bandsTest)].map((band) => {
    const s = scores.filter((_, i) => task.bandsTest[i] === band);
    return s.reduce((a, b) => a + b, 0) / s.length;
  });
  const gap = Math.max(...means) - Math.min(...means);
  assert.ok(gap < 0.06, `the bands' mean scores differ by up to ${gap.toFixed(3)}: the bar is below 0.06`);
  let wins = 0, pairs = 0;
  scores.forEach((p, i) => { if (task.quitTest[i] !== 1) return; scores.forEach((q, k) => { if (task.quitTest[k] === 1) return; pairs++; wins += p > q ? 1 : p === q ? 0.5 : 0; }); });
  assert.ok(wins / pairs >= 0.7, `ROC AUC ${(wins / pairs).toFixed(3)}: the bar is 0.70`);
}

export const exercises: Exercise[] = [
  {
    id: "6.1",
    title: "Selection rate by group",
    name: "selectionRates",
    tests: [
      {
        name: "two groups: a selects 1 of 2, b 2 of 2",
        args: [[1, 0, 1, 1], ["a", "a", "b", "b"]],
        expect: (r) => assert.deepEqual(r, { a: 0.5, b: 1 }),
        hint: "Count rows and selected rows (yPred = 1) per group, then divide.",
      },
      {
        name: "a group nobody selects has rate 0",
        args: [[0, 0, 1], ["x", "x", "y"]],
        expect: (r) => assert.deepEqual(r, { x: 0, y: 1 }),
        hint: "Every group that appears in `groups` needs an entry, even with no selections.",
      },
    ],
  },
  {
    id: "6.2",
    title: "Equalized odds difference",
    name: "equalizedOddsDifference",
    tests: [
      {
        // a: TPR 1/2, FPR 1/3; b: TPR 2/3, FPR 1 → max(1/6, 2/3) = 2/3
        name: "hand-computed: max(TPR gap 1/6, FPR gap 2/3) = 2/3",
        args: [[1, 1, 0, 0, 0, 1, 1, 1, 0], [1, 0, 1, 0, 0, 1, 1, 0, 1], ["a", "a", "a", "a", "a", "b", "b", "b", "b"]],
        expect: (r) => close(r, 2 / 3),
        hint: "TPR = tp / (tp + fn) and FPR = fp / (fp + tn) for each group; take the larger of the two gaps.",
      },
      {
        name: "a perfect classifier has difference 0",
        args: [[1, 0, 1, 0], [1, 0, 1, 0], ["a", "a", "b", "b"]],
        expect: (r) => close(r, 0),
        hint: "With no errors every group has TPR 1 and FPR 0.",
      },
    ],
  },
  {
    id: "6.3",
    title: "Reweighing weights",
    name: "reweighingWeights",
    tests: [
      {
        // n = 6, n_a = n_b = 3, n_1 = n_0 = 3; a has two 1s, b one → w(a,1) = 9/12, w(a,0) = 9/6 …
        name: "weights n_g · n_y / (n · n_gy) match a table computed by hand",
        args: [[1, 1, 0, 1, 0, 0], ["a", "a", "a", "b", "b", "b"]],
        expect: (r) => assert.deepEqual(r, [0.75, 0.75, 1.5, 1.5, 0.75, 0.75]),
        hint: "w = n_g · n_y / (n · n_gy), with counts of the row's group, label, and both.",
      },
      {
        name: "label already independent of group: all weights 1",
        args: [[1, 0, 1, 0], ["a", "a", "b", "b"]],
        expect: (r) => assert.deepEqual(r, [1, 1, 1, 1]),
        hint: "If every group has the overall positive rate, n_gy = n_g · n_y / n.",
      },
    ],
  },
  {
    id: "6.4",
    title: "Threshold for a selection rate",
    name: "thresholdForRate",
    tests: [
      {
        name: "rate 0.5 of four scores: the 2nd largest",
        args: [[0.1, 0.9, 0.4, 0.7], 0.5],
        expect: (r) => close(r, 0.7),
        hint: "Sort the scores from largest to smallest and take the k-th, k = round(rate × n).",
      },
      {
        name: "rate 0 selects nobody: Infinity",
        args: [[0.3, 0.2], 0],
        expect: (r) => assert.equal(r, Infinity),
        hint: "k = 0 means no score may pass: return Infinity.",
      },
    ],
  },
  {
    id: "6.5",
    title: "A retention budget with equal rates per age band",
    name: "flagForRetention",
    tests: [
      {
        name: "a fifth flagged, parity difference ≤ 0.05, ≥ 30 % of the flagged quit (seed 11)",
        args: () => { const t = attritionTask(11); return [t.Xtrain, t.quitTrain, t.Xtest, t.bandsTest, 0.2]; },
        expect: (r) => assertRetentionFlags(r, attritionTask(11)),
        hint: "Score the test employees with a model trained on Xtrain; then, band by band, flag the round(budget × size) highest scores.",
      },
    ],
  },
  {
    id: "6.6",
    title: "Scores that do not sort by age band",
    name: "fairScores",
    tests: [
      {
        name: "bands' mean scores within 0.06, ROC AUC ≥ 0.70 on unseen employees (seed 11)",
        args: () => { const t = attritionTask(11); return [t.Xtrain, t.quitTrain, t.bandsTrain, t.Xtest]; },
        expect: (r) => assertFairScores(r, attritionTask(11)),
        hint: "Loop optimizer.minimize over the log-loss of a logistic regression (weights w, bias b as tf.variable); add λ · Σ_bands (mean score of the band − mean score)², with a 0/1 band-membership matrix.",
      },
    ],
  },
];
