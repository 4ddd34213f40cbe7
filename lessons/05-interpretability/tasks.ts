import { assertAllClose as closeAll, assertUnchanged } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Shared by checks.ts and hidden.ts (the exercise loader resolves ./tasks beside them).
/**
 * The breast-cancer data with a shortcut column planted at a position chosen by `seed`: it agrees
 * with the diagnosis in 90 % of the 300 training rows and is a coin flip in the 100 new rows and
 * the 169 test rows. Rows are standardized with the training set's mean and deviation.
 *
 */
export function shortcutTask(seed: number) {
  const hit = shortcutTasks.get(seed);
  if (hit) return hit;
  const cancer = lab.datasets.toXY(lab.datasets.load("breast-cancer"), { target: "diagnosis" });
  const rand = lab.explain.seededRandom(seed);
  const order = lab.data.shuffled(cancer.y.map((_, i) => i), rand);
  const column = Math.floor(rand() * (cancer.featureNames.length + 1));
  const parts = [order.slice(0, 300), order.slice(300, 400), order.slice(400)];
  const agreement = [0.9, 0.5, 0.5];
  const raw = parts.map((idx, p) => idx.map((i) => {
    const row = [...cancer.X[i]];
    row.splice(column, 0, rand() < agreement[p] ? cancer.y[i] : 1 - cancer.y[i]);
    return row;
  }));
  const mean = raw[0][0].map((_, j) => raw[0].reduce((s, r) => s + r[j], 0) / raw[0].length);
  const std = raw[0][0].map((_, j) => Math.sqrt(raw[0].reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / raw[0].length));
  const scale = (rows: number[][]) => rows.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
  const flipped = raw[2].map((r) => r.map((v, j) => (j === column ? 1 - v : v)));
  const [ytrain, ynew, ytest] = parts.map((idx) => idx.map((i) => cancer.y[i]));
  const task = { column, Xtrain: scale(raw[0]), ytrain, Xnew: scale(raw[1]), ynew, Xtest: scale(raw[2]), XtestFlipped: scale(flipped), ytest };
  shortcutTasks.set(seed, task);
  return task;
}
export const shortcutTasks = new Map<number, any>();

/** Accuracy of P(class 1) at threshold 0.5, and the mean change when the shortcut is flipped. */
export function robustness(p: number[], task: { ytest: number[] }) {
  const n = task.ytest.length;
  const accuracy = task.ytest.filter((y, i) => (p[i] > 0.5 ? 1 : 0) === y).length / n;
  const shift = task.ytest.reduce((s, _, i) => s + Math.abs(p[i] - p[n + i]), 0) / n;
  return { accuracy, shift };
}

export function assertRobust(p: number[], task: { ytest: number[] }) {
  assert.ok(Array.isArray(p) && p.length === 2 * task.ytest.length, `expected ${2 * task.ytest.length} probabilities (one per row of Xtest), got ${Array.isArray(p) ? p.length : typeof p}`);
  const { accuracy, shift } = robustness(p, task);
  assert.ok(accuracy >= 0.93, `accuracy on the unseen test patients ${accuracy.toFixed(3)}: the bar is 0.93`);
  assert.ok(shift < 0.01, `flipping the shortcut column moves the probabilities by ${shift.toFixed(3)} on average: the bar is below 0.01 (the model still reads the shortcut)`);
}
