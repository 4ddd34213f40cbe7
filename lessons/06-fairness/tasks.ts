import { assertClose as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Shared by checks.ts and hidden.ts (the exercise loader resolves ./tasks beside them).
/**
 * The IBM attrition data split by `seed`: 980 training and 490 test employees, the lesson's model
 * inputs standardized with the training rows' mean and deviation, and each employee's age band.
 *
 */
export function attritionTask(seed: number) {
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
export const attritionTasks = new Map<number, any>();

/** Bars of exercise 6.5: share flagged, parity across bands, share of the flagged who quit. */
export function assertRetentionFlags(flags: number[], task: { quitTest: number[]; bandsTest: string[] }) {
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
export function assertFairScores(scores: number[], task: { quitTest: number[]; bandsTest: string[] }) {
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
