import { assertClose as close } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Shared by checks.ts and hidden.ts (the exercise loader resolves ./tasks beside them).
/** The chapter's setting on another split: 17% of the digits to train with a quarter of the labels replaced by a random digit, 71% to test (true labels). */
export function noisyDigitsTask(seed: number): { trainX: number[][]; trainY: number[]; testX: number[][]; testY: number[] } {
  const digits = lab.datasets.toXY(lab.datasets.load("digits"), { target: "digit" });
  const pixels = digits.X.map((r) => r.map((v) => v / 16));
  const parts = lab.data.split(pixels.length, { stratify: digits.y, seed, sizes: [0.17, 0.12, 0.71] });
  const noise = lab.data.seededRandom(500 + seed);
  return {
    trainX: lab.data.take(pixels, parts.train),
    trainY: lab.data.take(digits.y, parts.train).map((label) => (noise() < 0.25 ? Math.floor(noise() * 10) : label)),
    testX: lab.data.take(pixels, parts.test),
    testY: lab.data.take(digits.y, parts.test),
  };
}

/** Passes when the predicted labels reach `bar` accuracy on the task's test rows. */
export function judgePredictions(predicted: unknown, testY: number[], bar: number): void {
  assert.ok(Array.isArray(predicted) && predicted.length === testY.length && predicted.every(Number.isInteger),
    `expected one predicted digit (an integer) per row of testX (${testY.length}), got ${JSON.stringify(predicted)?.slice(0, 80)}`);
  const accuracy = lab.data.accuracy(testY, predicted as number[]);
  assert.ok(accuracy >= bar, `test accuracy ${accuracy.toFixed(3)}; at least ${bar} passes`);
}

/** Passes when k-nearest neighbours with the chosen k, fitted on the task's training rows, reach `bar` on its test rows. */
export async function judgeK(k: unknown, task: ReturnType<typeof noisyDigitsTask>, bar: number): Promise<void> {
  assert.ok(Number.isInteger(k) && (k as number) >= 1 && (k as number) <= task.trainY.length, `expected a whole number of neighbours between 1 and ${task.trainY.length}, got ${JSON.stringify(k)}`);
  const model = await lab.data.knn({ k: k as number }).fit(task.trainX, task.trainY);
  const accuracy = lab.data.accuracy(task.testY, await model.predict(task.testX));
  assert.ok(accuracy >= bar, `k = ${k}: test accuracy ${accuracy.toFixed(3)}; at least ${bar} passes`);
}
