import { assertClose as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { attritionTask, attritionTasks, assertRetentionFlags, assertFairScores } from "./tasks";

export const exercises: Exercise[] = [
  {
    id: "6.1",
    tests: [
      {
        name: "three groups, interleaved",
        args: [[1, 0, 0, 1, 1, 0, 1], ["p", "q", "r", "p", "q", "r", "r"]],
        expect: (r) => {
          const o = r as Record<string, number>;
          assert.deepEqual(Object.keys(o).sort(), ["p", "q", "r"]);
          close(o.p, 1); close(o.q, 0.5); close(o.r, 1 / 3);
        },
        points: 2,
      },
    ],
  },
  {
    id: "6.2",
    tests: [
      {
        // g1: y 1 1 0 0, ŷ 1 1 0 0 → TPR 1, FPR 0; g2: y 1 1 0 0, ŷ 0 1 1 1 → TPR 1/2, FPR 1
        // TPR gap 1/2, FPR gap 1 → 1
        name: "FPR gap dominates",
        args: [[1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 0, 0, 0, 1, 1, 1], ["g1", "g1", "g1", "g1", "g2", "g2", "g2", "g2"]],
        expect: (r) => close(r, 1),
        points: 1,
      },
      {
        // g1: TPR 1/4, FPR 0; g2: TPR 1, FPR 1/4 → TPR gap 3/4, FPR gap 1/4 → 3/4
        name: "TPR gap dominates",
        args: [[1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0], ["g1", "g1", "g1", "g1", "g1", "g1", "g2", "g2", "g2", "g2", "g2", "g2"]],
        expect: (r) => close(r, 0.75),
        points: 1,
      },
    ],
  },
  {
    id: "6.3",
    tests: [
      {
        // n = 5; group a: labels 1, 0, 0 (n_a = 3); group b: 1, 1 (n_b = 2); n_1 = 3, n_0 = 2
        // w(a,1) = 3·3/(5·1) = 1.8, w(a,0) = 3·2/(5·2) = 0.6, w(b,1) = 2·3/(5·2) = 0.6
        name: "unequal group sizes",
        args: [[1, 0, 0, 1, 1], ["a", "a", "a", "b", "b"]],
        expect: (r) => {
          assert.ok(Array.isArray(r));
          [1.8, 0.6, 0.6, 0.6, 0.6].forEach((e, i) => close((r as number[])[i], e));
        },
        points: 2,
      },
    ],
  },
  {
    id: "6.4",
    tests: [
      {
        name: "rate 1 selects everyone: the smallest score",
        args: [[0.5, 0.2, 0.8], 1],
        expect: (r) => close(r, 0.2),
        points: 1,
      },
      {
        name: "rounds rate × n: 0.3 of 5 → 2nd largest",
        args: [[5, 1, 4, 2, 3], 0.3],
        expect: (r) => close(r, 4),
        points: 1,
      },
    ],
  },
  // 6.5 and 6.6 on splits of the employees the learner's code never saw.
  // Re-measured after the merge (00:21 UTC, load ~13 on 2 cores; wasm and pure-JS cpu gave the same
  // figures) on seeds 11 (visible), 101, 202, 303 (graded) and 404, 505, 606: the reference solution
  // (fitLogistic, then the top fifth of each band) flags 97–98 of 490, parity difference ≤ 0.006 (bar
  // 0.05) and precision 0.388–0.480 on 11–303 (0.418–0.439 on 404–606): margin ≥ 0.088 over 0.30.
  // The base rate of the test employees is 0.149–0.180, so the bar is 1.7–2.0 times it (the
  // statement's "about twice"). Naive attempts fail: the top fifth overall has parity differences of
  // 0.174–0.229; a random fifth of each band (quotas without a model) has precision 0.122–0.196.
  // 0.4–1.5 s per call.
  {
    id: "6.5",
    tests: [101, 202, 303].map((seed) => ({
      name: `a fifth flagged, parity ≤ 0.05, ≥ 30 % of the flagged quit on unseen employees (seed ${seed})`,
      args: () => { const t = attritionTask(seed); return [t.Xtrain, t.quitTrain, t.Xtest, t.bandsTest, 0.2]; },
      expect: (r: unknown) => assertRetentionFlags(r as number[], attritionTask(seed)),
      points: 1,
    })),
  },
  // Measured (wasm, load 15) on seeds 11, 101, 202, 303: the reference solution (λ = 30) has a
  // largest band gap of 0.013–0.035 (margin ≥ 0.025 under 0.06) and ROC AUC 0.736–0.817 (margin
  // ≥ 0.036 over 0.70); the unpenalized fitLogistic has gaps of 0.093–0.145, so it fails; a
  // constant score (gap 0) has AUC 0.5 and fails too. 0.5–1.1 s per call.
  {
    id: "6.6",
    tests: [101, 202, 303].map((seed) => ({
      name: `bands' mean scores within 0.06, ROC AUC ≥ 0.70 on unseen employees (seed ${seed})`,
      args: () => { const t = attritionTask(seed); return [t.Xtrain, t.quitTrain, t.bandsTrain, t.Xtest]; },
      expect: (r: unknown) => assertFairScores(r as number[], attritionTask(seed)),
      points: 1,
    })),
  },
];
