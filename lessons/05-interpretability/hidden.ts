import { assertAllClose as closeAll } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { shortcutTask, shortcutTasks, robustness, assertRobust } from "./tasks";

// A 3-player game worked by hand: v = [0, 1, 2, 4, 3, 5, 6, 9] (mask order).
// φ_0 = 1/3·(1−0) + 1/6·(4−2) + 1/6·(5−3) + 1/3·(9−6) = 1/3 + 1/3 + 1/3 + 1 = 2
// φ_1 = 1/3·(2−0) + 1/6·(4−1) + 1/6·(6−3) + 1/3·(9−5) = 2/3 + 1/2 + 1/2 + 4/3 = 3
// φ_2 = 1/3·(3−0) + 1/6·(5−1) + 1/6·(6−2) + 1/3·(9−4) = 1 + 2/3 + 2/3 + 5/3 = 4   (sum 9 = v(all) − v(∅))
export const exercises: Exercise[] = [
  {
    id: "5.1",
    tests: [
      {
        name: "reverses a column of four rows",
        args: [[[1, 5], [2, 6], [3, 7], [4, 8]], 0, [3, 2, 1, 0]],
        expect: (r) => assert.deepEqual(r, [[4, 5], [3, 6], [2, 7], [1, 8]]),
        points: 1,
      },
      {
        name: "a wide matrix, middle column",
        args: [[[1, 2, 3, 4], [5, 6, 7, 8]], 2, [1, 0]],
        expect: (r) => assert.deepEqual(r, [[1, 2, 7, 4], [5, 6, 3, 8]]),
        points: 1,
      },
    ],
  },
  {
    id: "5.2",
    tests: [
      {
        name: "negative weights and a non-zero baseline",
        args: [[-1.5, 0, 4], [2, 100, -1], [0.5, -3, 1]],
        expect: (r) => closeAll(r, [-2.25, 0, -8]),
        points: 2,
      },
    ],
  },
  {
    id: "5.3",
    tests: [
      {
        name: "a three-player game worked by hand",
        args: [[0, 1, 2, 4, 3, 5, 6, 9]],
        expect: (r) => closeAll(r, [2, 3, 4]),
        points: 2,
      },
      {
        name: "a dummy player gets 0",
        // player 1 never changes anything: v(S) = [0 ∈ S]·5
        args: [[0, 5, 0, 5]],
        expect: (r) => closeAll(r, [5, 0]),
        points: 1,
      },
    ],
  },
  {
    id: "5.4",
    tests: [
      {
        name: "several features, m = 4",
        // feature 0: gradients 0,1,2,3,4 → trapezoid mean (0/2+1+2+3+4/2)/4 = 2; × (x − b) = 2 × 2 = 4
        // feature 1: gradients all 1 → mean 1; × (−1 − 1) = −2
        args: [[[0, 1], [1, 1], [2, 1], [3, 1], [4, 1]], [3, -1], [1, 1]],
        expect: (r) => closeAll(r, [4, -2]),
        points: 2,
      },
    ],
  },
  // 5.5 and 5.6 on arrangements the learner's code never saw (other rows, another shortcut column).
  // Measured (wasm, load 10): the reference solution finds the column on seeds 5, 101, 202 (1–3 s
  // each); the naive "column most correlated with the label" returns 28 (worst_concave_points) on all three.
  {
    id: "5.5",
    tests: [101, 202].map((seed) => ({
      name: `finds the planted column on an unseen arrangement (seed ${seed})`,
      args: () => { const t = shortcutTask(seed); return [t.Xtrain, t.ytrain, t.Xnew, t.ynew]; },
      expect: (r: unknown) => assert.equal(r, shortcutTask(seed).column),
      points: 1,
    })),
  },
  // Measured (wasm, load 10) on seeds 5, 101, 202, 303: the reference solution (drop the column
  // 5.5 finds, train on the rest) has accuracy 0.964–0.982 (margin ≥ 0.034 over 0.93) and shift 0;
  // a model trained on every column has accuracy 0.947–0.982 but shift 0.046–0.062 (≥ 4.6× the
  // bar of 0.01), so it fails. The reference takes 3.6–5.9 s per call on the loaded machine.
  {
    id: "5.6",
    tests: [101, 202, 303].map((seed) => ({
      name: `accuracy ≥ 0.93 and a flipped shortcut moves P by < 0.01 on unseen patients (seed ${seed})`,
      args: () => { const t = shortcutTask(seed); return [t.Xtrain, t.ytrain, t.Xnew, t.ynew, [...t.Xtest, ...t.XtestFlipped]]; },
      expect: (r: unknown) => assertRobust(r as number[], shortcutTask(seed)),
      points: 1,
    })),
  },
];
