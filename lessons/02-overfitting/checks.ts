import { assertClose as close } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { noisyDigitsTask, judgePredictions, judgeK } from "./tasks";

// Model exercises (2.5, 2.6): the data is built here from a seed, and the outcome is measured on
// test rows the learner's function never receives. hidden.ts calls the same builders
// (tasks.ts) with other seeds.

export const exercises: Exercise[] = [
  {
    id: "2.1",
    title: "Diagnose from the final accuracies",
    name: "diagnose",
    tests: [
      { name: "both low: underfit", args: [0.5, 0.45], expect: (r) => assert.equal(r, "underfit"), hint: "Check training accuracy < 0.8 first." },
      { name: "training far above validation: overfit", args: [1.0, 0.75], expect: (r) => assert.equal(r, "overfit"), hint: "Overfit when trainAccuracy - validationAccuracy > 0.1." },
      { name: "high and close: good", args: [0.86, 0.85], expect: (r) => assert.equal(r, "good"), hint: "Anything that is neither underfit nor overfit is good." },
    ],
  },
  {
    id: "2.2",
    title: "K-fold test indices",
    name: "kFoldTestIndices",
    tests: [
      { name: "10 rows, 3 folds: sizes 4, 3, 3", args: [10, 3], expect: (r) => assert.deepEqual(r, [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]), hint: "The first n % k folds get Math.floor(n / k) + 1 rows." },
      { name: "6 rows, 2 folds: two consecutive blocks of 3", args: [6, 2], expect: (r) => assert.deepEqual(r, [[0, 1, 2], [3, 4, 5]]), hint: "Folds are consecutive blocks of indices, starting at 0." },
    ],
  },
  {
    id: "2.3",
    title: "L2 penalty",
    name: "l2Penalty",
    tests: [
      { name: "one 2x2 matrix, lambda 0.1", args: [[[[1, 2], [3, 4]]], 0.1], expect: (r) => close(r, 3), hint: "Sum w*w over every weight (1 + 4 + 9 + 16 = 30), then multiply by lambda." },
      { name: "two matrices; negative weights count positive", args: [[[[1]], [[-2, 2]]], 1], expect: (r) => close(r, 9), hint: "Loop over matrices, then rows, then weights." },
    ],
  },
  {
    id: "2.4",
    title: "When early stopping stops",
    name: "stoppingEpoch",
    tests: [
      { name: "patience 3: stops at epoch 5", args: [[1, 0.8, 0.7, 0.75, 0.74, 0.73, 0.6], 3], expect: (r) => assert.equal(r, 5), hint: "Best is 0.7 at epoch 2; epochs 3, 4, 5 do not improve, so the counter reaches 3 at epoch 5." },
      { name: "always improving: never stops", args: [[5, 4, 3, 2, 1], 1], expect: (r) => assert.equal(r, -1), hint: "Return -1 when the counter never reaches patience." },
    ],
  },
  {
    id: "2.5",
    title: "Regularise an overfitting network",
    name: "regularisedPredictions",
    tests: [
      {
        name: "test accuracy >= 0.85 on true labels (split seed 1, a quarter of the training labels wrong)",
        args: () => { const t = noisyDigitsTask(1); return [t.trainX, t.trainY, t.testX]; },
        expect: (r) => judgePredictions(r, noisyDigitsTask(1).testY, 0.85),
        hint: "A 128-unit network trained 40 epochs memorises the wrong labels (0.74-0.83 on the splits we tried). Add dropout (or dropout and L2) to lab.overfit.mlp, and predict with the trained model: L2 alone clears the bar only narrowly (0.86 on some splits).",
      },
    ],
  },
  {
    id: "2.6",
    title: "Choose k by cross-validation",
    name: "chooseK",
    tests: [
      {
        name: "k-nearest neighbours with your k reach test accuracy >= 0.89 (split seed 1)",
        args: () => { const t = noisyDigitsTask(1); return [t.trainX, t.trainY]; },
        expect: (r) => judgeK(r, noisyDigitsTask(1), 0.89),
        hint: "Score several k with cross-validation on the training rows only (lab.overfit.validationCurve) and return the best; with noisy labels k = 1 copies the noise.",
      },
    ],
  },
];
