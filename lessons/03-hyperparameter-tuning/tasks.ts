import { assertNear as close } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Shared by checks.ts and hidden.ts (the exercise loader resolves ./tasks beside them).
/** Digits split `seed` into training (56%), validation (12%) and test rows (32%); pixels scaled to [0, 1]. */
export function tuningTask(seed: number): { trainX: number[][]; trainY: number[]; valX: number[][]; valY: number[]; testX: number[][]; testY: number[] } {
  const digits = lab.datasets.toXY(lab.datasets.load("digits"), { target: "digit" });
  const pixels = digits.X.map((r) => r.map((v) => v / 16));
  const parts = lab.data.split(pixels.length, { stratify: digits.y, seed, sizes: [0.56, 0.12, 0.32] });
  return {
    trainX: lab.data.take(pixels, parts.train), trainY: lab.data.take(digits.y, parts.train),
    valX: lab.data.take(pixels, parts.validation), valY: lab.data.take(digits.y, parts.validation),
    testX: lab.data.take(pixels, parts.test), testY: lab.data.take(digits.y, parts.test),
  };
}

/**
 * Trains the exercise's network with the learner's hyperparameters on the task's training rows
 * (64 → units ReLU → 10, Adam, 9 epochs in batches of 250, seed 0) and passes when its accuracy on
 * the test rows, which the search never saw, reaches `bar`.
 */
export async function judgeHyperparameters(params: unknown, task: ReturnType<typeof tuningTask>, bar: number): Promise<void> {
  const { lr, units } = (params ?? {}) as { lr?: unknown; units?: unknown };
  assert.ok(typeof lr === "number" && lr >= 1e-4 && lr <= 1, `expected { lr, units } with lr between 1e-4 and 1, got ${JSON.stringify(params)}`);
  assert.ok(Number.isInteger(units) && (units as number) >= 4 && (units as number) <= 128, `expected { lr, units } with a whole number of units between 4 and 128, got ${JSON.stringify(params)}`);
  // In the grader's own process nothing has chosen a backend yet: without this it trains on pure-JS `cpu` (the
  // same accuracies, measured, but 10-20 times slower). In the notebook it returns the kernel's choice at once.
  await lab.useBestBackend({ print: false });
  const model = lab.overfit.mlp({ inputs: 64, outputs: 10, hidden: [units as number], learningRate: lr });
  const oneHot = task.trainY.map((label) => Array.from({ length: 10 }, (_, k) => (k === label ? 1 : 0)));
  try {
    await lab.train.fit(model, task.trainX, oneHot, { epochs: 9, batchSize: 250, seed: 0, display: "none" });
    const accuracy = lab.overfit.evaluateAccuracy(model, task.testX, task.testY);
    assert.ok(accuracy >= bar, `lr ${lr}, ${units} units: test accuracy ${accuracy.toFixed(3)}; at least ${bar} passes`);
  } finally {
    model.optimizer.dispose();
    model.dispose();
  }
}

/** Passes when the predicted digits reach `bar` accuracy on the task's test rows. */
export function judgeTestPredictions(predicted: unknown, task: ReturnType<typeof tuningTask>, bar: number): void {
  assert.ok(Array.isArray(predicted) && predicted.length === task.testY.length && predicted.every(Number.isInteger),
    `expected one predicted digit (an integer) per row of testX (${task.testY.length}), got ${JSON.stringify(predicted)?.slice(0, 80)}`);
  const accuracy = lab.data.accuracy(task.testY, predicted as number[]);
  assert.ok(accuracy >= bar, `test accuracy ${accuracy.toFixed(3)}; at least ${bar} passes`);
}
