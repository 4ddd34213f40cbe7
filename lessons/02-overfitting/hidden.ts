import { assertClose as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

export const exercises: Exercise[] = [
  {
    id: "2.1",
    tests: [
      { name: "exactly 0.8 is not underfit", args: [0.8, 0.75], expect: (r) => assert.equal(r, "good"), points: 1 },
      { name: "just below 0.8", args: [0.79, 0.79], expect: (r) => assert.equal(r, "underfit"), points: 1 },
      { name: "underfit takes precedence over a large gap", args: [0.7, 0.1], expect: (r) => assert.equal(r, "underfit"), points: 2 },
      { name: "large gap", args: [0.95, 0.5], expect: (r) => assert.equal(r, "overfit"), points: 1 },
    ],
  },
  {
    id: "2.2",
    tests: [
      {
        name: "23 rows, 5 folds (sklearn KFold)",
        args: [23, 5],
        expect: (r) => assert.deepEqual(r, [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14], [15, 16, 17, 18], [19, 20, 21, 22]]),
        points: 2,
      },
      { name: "one row per fold", args: [5, 5], expect: (r) => assert.deepEqual(r, [[0], [1], [2], [3], [4]]), points: 1 },
      { name: "7 rows, 2 folds", args: [7, 2], expect: (r) => assert.deepEqual(r, [[0, 1, 2, 3], [4, 5, 6]]), points: 1 },
    ],
  },
  {
    id: "2.3",
    tests: [
      { name: "no matrices", args: [[], 5], expect: (r) => close(r, 0), points: 1 },
      { name: "lambda 0", args: [[[[3, 4]]], 0], expect: (r) => close(r, 0), points: 1 },
      { name: "fractional weights", args: [[[[0.5]], [[0.5, -0.5]]], 2], expect: (r) => close(r, 1.5), points: 2 },
    ],
  },
  {
    id: "2.4",
    tests: [
      { name: "a plateau counts as no improvement", args: [[1, 1, 1, 1], 2], expect: (r) => assert.equal(r, 2), points: 2 },
      { name: "patience 0 stops at the first non-improving epoch", args: [[1, 2], 0], expect: (r) => assert.equal(r, 1), points: 1 },
      { name: "improvements reset the counter", args: [[3, 2, 2.5, 1, 1.5, 1.6], 2], expect: (r) => assert.equal(r, 5), points: 1 },
      { name: "never stops on epoch 0", args: [[1], 0], expect: (r) => assert.equal(r, -1), points: 1 },
    ],
  },
];
