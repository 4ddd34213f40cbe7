import { assertClose as close, assertAllClose as closeAll } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Shared by checks.ts and hidden.ts (the exercise loader resolves ./tasks beside them).
/** Half of the digits (stratified split `seed`) with about 6% of the labels changed to another digit. */
export function labelNoiseTask(seed: number): { X: number[][]; labels: number[]; planted: number[] } {
  const digits = lab.datasets.toXY(lab.datasets.load("digits"), { target: "digit" });
  const half = lab.data.split(digits.y.length, { stratify: digits.y, seed, sizes: [0.5, 0, 0.5] }).train;
  const random = lab.data.seededRandom(1000 + seed);
  const planted: number[] = [];
  const labels = lab.data.take(digits.y, half).map((label, i) => {
    if (random() >= 0.06) return label;
    planted.push(i);
    return (label + 1 + Math.floor(random() * 9)) % 10;
  });
  return { X: lab.data.take(digits.X, half), labels, planted };
}

/** Passes when the flags hold >= 70% of the planted errors with at most 2.5 flags per planted error. */
export function judgeLabelErrors(flagged: unknown, planted: number[]): void {
  assert.ok(Array.isArray(flagged) && flagged.every(Number.isInteger), `expected an array of row indices, got ${JSON.stringify(flagged)?.slice(0, 80)}`);
  const flags = new Set(flagged as number[]);
  const found = planted.filter((i) => flags.has(i)).length;
  assert.ok(flags.size <= 2.5 * planted.length, `${flags.size} rows flagged for ${planted.length} planted errors: at most ${Math.floor(2.5 * planted.length)} (2.5 per error) are allowed`);
  assert.ok(found >= 0.7 * planted.length, `found ${found} of ${planted.length} planted errors (${((100 * found) / planted.length).toFixed(0)}%); at least 70% are needed`);
}

/** The wage survey split 70/30 (split `seed`), with six training wages typed in cents. */
export function wageTask(seed: number): { trainX: number[][]; trainWages: number[]; testX: number[][]; cleanWages: number[]; testWages: number[] } {
  const cps = lab.datasets.load("cps-wages-1985");
  const wages = Array.from(cps.array("wage") as ArrayLike<number>);
  const education = Array.from(cps.array("education") as ArrayLike<number>);
  const experience = Array.from(cps.array("experience") as ArrayLike<number>);
  const X = education.map((e, i) => [e, experience[i]]);
  const s = lab.data.split(wages.length, { seed, sizes: [0.7, 0, 0.3] });
  const cleanWages = lab.data.take(wages, s.train);
  const random = lab.data.seededRandom(100 + seed);
  const typos = new Set<number>();
  while (typos.size < 6) typos.add(Math.floor(random() * cleanWages.length));
  const trainWages = cleanWages.map((w, i) => (typos.has(i) ? w * 100 : w));
  return { trainX: lab.data.take(X, s.train), trainWages, testX: lab.data.take(X, s.test), cleanWages, testWages: lab.data.take(wages, s.test) };
}

/** Passes when the predictions' mean absolute error is at most 1.15 × that of a line fitted to the clean wages. */
export async function judgeWages(predicted: unknown, task: ReturnType<typeof wageTask>): Promise<void> {
  assert.ok(Array.isArray(predicted) && predicted.length === task.testX.length && predicted.every(Number.isFinite),
    `expected one finite predicted wage per row of testX (${task.testX.length}), got ${JSON.stringify(predicted)?.slice(0, 80)}`);
  const mae = (p: number[]) => lab.data.mean(p.map((v, i) => Math.abs(v - task.testWages[i])));
  const clean = await (await lab.data.linearRegression().fit(task.trainX, task.cleanWages)).predict(task.testX);
  const ratio = mae(predicted as number[]) / mae(clean);
  assert.ok(ratio <= 1.15, `mean absolute error ${mae(predicted as number[]).toFixed(2)} $/h is ${ratio.toFixed(2)} × the clean line's ${mae(clean).toFixed(2)}; at most 1.15 × passes`);
}
