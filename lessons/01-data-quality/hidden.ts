import { assertClose as close, assertAllClose as closeAll } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

export const exercises: Exercise[] = [
  {
    id: "1.1",
    tests: [
      { name: "test values never change the median", args: [[1, 2, 3], [100, null, 100]], expect: (r) => closeAll(r, [100, 2, 100]), points: 2 },
      { name: "numeric (not string) sort", args: [[10, 9, 100, null], [null]], expect: (r) => closeAll(r, [10]), points: 1 },
      { name: "negative and fractional values", args: [[-1.5, 0.5, -3, 2], [null, null]], expect: (r) => closeAll(r, [-0.5, -0.5]), points: 1 },
    ],
  },
  {
    id: "1.2",
    tests: [
      { name: "constant values: both fences at the value", args: [[10, 10, 10, 10]], expect: (r) => closeAll(r, [10, 10]), points: 1 },
      { name: "numeric sort with large values", args: [[100, 20, 3, 4]], expect: (r) => closeAll(r, [-50.625, 94.375]), points: 2 },
      { name: "two values", args: [[0, 1]], expect: (r) => closeAll(r, [-0.5, 1.5]), points: 1 },
    ],
  },
  {
    id: "1.3",
    tests: [
      { name: "a repeated test row counts twice", args: [[[1]], [[1], [2], [1]]], expect: (r) => assert.equal(r, 2), points: 2 },
      { name: "no overlap", args: [[[0, 0]], [[0, 1], [1, 0]]], expect: (r) => assert.equal(r, 0), points: 1 },
      { name: "empty test", args: [[[1, 2]], []], expect: (r) => assert.equal(r, 0), points: 1 },
    ],
  },
  {
    id: "1.4",
    tests: [
      { name: "perfect detector", args: [[4, 2], [2, 4]], expect: (r) => { close(r?.precision, 1); close(r?.recall, 1); }, points: 2 },
      { name: "no injected errors", args: [[1], []], expect: (r) => { close(r?.precision, 0); close(r?.recall, 0); }, points: 1 },
      { name: "all wrong", args: [[1, 2], [3]], expect: (r) => { close(r?.precision, 0); close(r?.recall, 0); }, points: 1 },
    ],
  },
  {
    id: "1.5",
    tests: [
      {
        name: "cleanlab's thresholds on a small case",
        args: [[0, 0, 0, 1, 1, 1, 2, 2, 2, 0], [[0.9, 0.05, 0.05], [0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.1, 0.2, 0.7], [0.1, 0.1, 0.8], [0.2, 0.2, 0.6]]],
        expect: (r) => closeAll(r, [0.5, 0.6, 0.7666666666666666]),
        points: 2,
      },
      { name: "one row per class", args: [[1, 0], [[0.3, 0.7], [0.4, 0.6]]], expect: (r) => closeAll(r, [0.4, 0.7]), points: 1 },
    ],
  },
];
