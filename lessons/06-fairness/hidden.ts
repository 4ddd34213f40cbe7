import { assertClose as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

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
];
