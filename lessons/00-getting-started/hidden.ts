import { assertUnchanged } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

const Y_TRUE = [1, 2];
const Y_PRED = [3, 4];

export const exercises: Exercise[] = [
  {
    id: "0.1",
    tests: [
      {
        name: "negative differences count as positive",
        args: [[0, 0], [3, -4]],
        expect: (r) => assert.ok(Math.abs(r - 12.5) < 1e-9, `expected 12.5, got ${r}`),
        points: 2,
      },
      {
        name: "a single value",
        args: [[2.5], [0.5]],
        expect: (r) => assert.ok(Math.abs(r - 4) < 1e-9, `expected 4, got ${r}`),
      },
      {
        name: "right answer, and yTrue and yPred unchanged after the call",
        args: [Y_TRUE, Y_PRED],
        expect: (r, after) => {
          assert.ok(Math.abs(r - 4) < 1e-9, `expected 4, got ${r}`);
          assertUnchanged(after, [Y_TRUE, Y_PRED], ["yTrue", "yPred"]);
        },
      },
    ],
  },
  {
    id: "0.2",
    tests: [
      { name: "no gaps: a copy of the same values", args: [[1, 2, 3], 0], expect: (r) => assert.deepEqual(r, [1, 2, 3]) },
      { name: "all gaps", args: [[null, null], -1], expect: (r) => assert.deepEqual(r, [-1, -1]) },
      { name: "an empty array gives an empty array", args: [[], 7], expect: (r) => assert.deepEqual(r, []) },
    ],
  },
  {
    id: "0.3",
    tests: [
      { name: "negative values and threshold", args: [[-3, -1, -2, 0], -2], expect: (r) => assert.deepEqual(r, [1, 3]) },
      { name: "an empty array gives []", args: [[], 0], expect: (r) => assert.deepEqual(r, []) },
      {
        name: "positions in increasing order, values unchanged",
        args: [[9, 1, 8, 2, 7], 5],
        expect: (r, after) => {
          assert.deepEqual(r, [0, 2, 4]);
          assertUnchanged(after, [[9, 1, 8, 2, 7], 5], ["values", "threshold"]);
        },
      },
    ],
  },
];
