import { assertClose as close, assertAllClose as closeAll } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

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
];
