import { assertClose as close, assertAllClose as closeAll } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { labelNoiseTask, judgeLabelErrors, wageTask, judgeWages } from "./tasks";

// Model exercises (1.6, 1.7): the data is built here from a seed, and the outcome is measured
// against the truth the learner's function never receives. hidden.ts calls the same builders
// (tasks.ts) with other seeds.

export const exercises: Exercise[] = [
  {
    id: "1.1",
    title: "Fill missing values with the training median",
    name: "fillWithTrainMedian",
    tests: [
      {
        name: "an odd number of training values: the middle one",
        args: [[3, null, 1, 2], [null, 5]],
        expect: (r) => closeAll(r, [2, 5]),
        hint: "Drop the nulls from train, sort the rest numerically ((a, b) => a - b), and take the middle value.",
      },
      {
        name: "an even number: the mean of the two middle values",
        args: [[1, 2, 3, 10], [null]],
        expect: (r) => closeAll(r, [2.5]),
        hint: "With an even count, average the values at positions n/2 - 1 and n/2.",
      },
      {
        name: "present test values are kept as they are",
        args: [[0, 4], [7, null, -1]],
        expect: (r) => closeAll(r, [7, 2, -1]),
        hint: "Only replace the nulls of test.",
      },
    ],
  },
  {
    id: "1.2",
    title: "Tukey's fences",
    name: "iqrFences",
    tests: [
      {
        name: "1..8 gives Q1 = 2.75, Q3 = 6.25, fences [-2.5, 11.5]",
        args: [[1, 2, 3, 4, 5, 6, 7, 8]],
        expect: (r) => closeAll(r, [-2.5, 11.5]),
        hint: "Q1 sits at position (n - 1) * 0.25 = 1.75 of the sorted values: 2 + 0.75 * (3 - 2).",
      },
      {
        name: "unsorted input is sorted first",
        args: [[5, 1, 4, 2, 3]],
        expect: (r) => closeAll(r, [-1, 7]),
        hint: "Sort a copy numerically: values.slice().sort((a, b) => a - b).",
      },
    ],
  },
  {
    id: "1.3",
    title: "Rows shared between splits",
    name: "countOverlap",
    tests: [
      {
        name: "one test row also in train",
        args: [[[1, 2], [3, 4]], [[3, 4], [5, 6]]],
        expect: (r) => assert.equal(r, 1),
        hint: "Turn each train row into a key (JSON.stringify(row)) in a Set, then count test rows whose key is in it.",
      },
      {
        name: "same values in another order are a different row",
        args: [[[1, 2]], [[2, 1]]],
        expect: (r) => assert.equal(r, 0),
        hint: "Compare whole rows in order, not sets of values.",
      },
    ],
  },
  {
    id: "1.4",
    title: "Precision and recall of a label-error detector",
    name: "precisionRecall",
    tests: [
      {
        name: "3 flagged, 2 of them injected; 4 injected",
        args: [[1, 5, 9], [1, 2, 5, 7]],
        expect: (r) => {
          close(r?.precision, 2 / 3);
          close(r?.recall, 2 / 4);
        },
        hint: "precision = hits / flagged.length, recall = hits / injected.length, hits = flagged indices that are in injected.",
      },
      {
        name: "nothing flagged: precision 0, recall 0",
        args: [[], [3]],
        expect: (r) => {
          close(r?.precision, 0);
          close(r?.recall, 0);
        },
        hint: "Return 0 instead of dividing by zero.",
      },
    ],
  },
  {
    id: "1.5",
    title: "Per-class confidence thresholds",
    name: "confidentThresholds",
    tests: [
      {
        name: "mean probability of the given class per class",
        args: [[0, 0, 1], [[0.9, 0.1], [0.5, 0.5], [0.2, 0.8]]],
        expect: (r) => closeAll(r, [0.7, 0.8]),
        hint: "For class k, average probs[i][k] over the rows i with labels[i] === k.",
      },
      {
        name: "three classes: each threshold is the mean probability of its class among its rows",
        args: [[2, 1, 0, 2], [[0.1, 0.1, 0.8], [0.2, 0.6, 0.2], [0.7, 0.2, 0.1], [0.3, 0.3, 0.4]]],
        expect: (r) => closeAll(r, [0.7, 0.6, 0.6]),
        hint: "Return one threshold per column of probs, in column order.",
      },
    ],
  },
  {
    id: "1.6",
    title: "Find the planted label errors",
    name: "findLabelErrors",
    tests: [
      {
        name: "finds >= 70% of the planted errors in half of the digits (split seed 1), with at most 2.5 flags per error",
        args: () => { const t = labelNoiseTask(1); return [t.X, t.labels]; },
        expect: (r) => judgeLabelErrors(r, labelNoiseTask(1).planted),
        hint: "A model must judge each row without having trained on it: out-of-fold probabilities (lab.data.crossValPredictProba), then lab.data.findLabelIssues, as in section 6.",
      },
    ],
  },
  {
    id: "1.7",
    title: "Predict wages from data with typos",
    name: "robustWagePredictions",
    tests: [
      {
        name: "test error at most 1.15 × the clean line's (split seed 1, six wages typed in cents)",
        args: () => { const t = wageTask(1); return [t.trainX, t.trainWages, t.testX]; },
        expect: (r) => judgeWages(r, wageTask(1)),
        hint: "Find the typed-in-cents wages before fitting (section 3: lab.data.iqrOutliers), fit on the other rows, and predict every row of testX.",
      },
    ],
  },
];
