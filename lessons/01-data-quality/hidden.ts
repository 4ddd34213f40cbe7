import { assertClose as close, assertAllClose as closeAll } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { labelNoiseTask, judgeLabelErrors, wageTask, judgeWages } from "./tasks";

// Model exercises 1.6 and 1.7 on splits and planted errors the visible check (seed 1) never uses.
// The builders and judges are tasks.ts's, shared with checks.ts.
// Measured margins (reference solution, split seeds 1-5, 23:15 UTC, load ~7 on 2 cores):
// 1.6 found 82-89% of the planted errors (bar 70%) with 1.3-2.2 flags per error (bar 2.5);
//     flagging every out-of-fold disagreement gives 2.6-3.7 flags per error and fails; flagging none fails.
//     Logistic regression here is plain TypeScript: the same on every backend.
// 1.7 IQR-cleaned line: 0.97-1.03 × the clean line's error (bar 1.15); the line fitted to the wages
//     as given: 3.5-6.0 × (fails); the z-score rule: 1.00-1.63 × (fails on 2 of 6 splits).

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
  {
    id: "1.6",
    tests: [2, 3, 4].map((seed) => ({
      name: `planted label errors, split seed ${seed}`,
      args: () => { const t = labelNoiseTask(seed); return [t.X, t.labels]; },
      expect: (r: unknown) => judgeLabelErrors(r, labelNoiseTask(seed).planted),
      points: 1,
    })),
  },
  {
    id: "1.7",
    tests: [2, 3, 4, 5].map((seed) => ({
      name: `wages with six typos, split seed ${seed}`,
      args: () => { const t = wageTask(seed); return [t.trainX, t.trainWages, t.testX]; },
      expect: (r: unknown) => judgeWages(r, wageTask(seed)),
      points: 1,
    })),
  },
];
