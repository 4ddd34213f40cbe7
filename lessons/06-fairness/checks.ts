import { assertClose as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { attritionTask, attritionTasks, assertRetentionFlags, assertFairScores } from "./tasks";

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
