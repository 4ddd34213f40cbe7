import { assertNear as near } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

const isProblem = (r: unknown) => assert.ok(typeof r === "string" && r.length > 0);

export const exercises: Exercise[] = [
  {
    id: "8.1",
    tests: [
      { name: "a 28x28x1-like 3-D instance", args: [[[[0.1], [0.2]], [[0.3], [0.4]]], [2, 2, 1]], expect: (r) => assert.equal(r, null), points: 1 },
      { name: "a missing innermost level", args: [[[0.1, 0.2], [0.3, 0.4]], [2, 2, 1]], expect: isProblem, points: 1 },
      { name: "a boolean leaf", args: [[1, true], [2]], expect: isProblem, points: 1 },
      { name: "a non-finite leaf", args: [[1, Infinity], [2]], expect: isProblem, points: 1 },
      { name: "an object where an array belongs", args: [{ 0: 1, 1: 2, length: 2 }, [2]], expect: isProblem, points: 1 },
      { name: "too many rows", args: [[[1], [2], [3]], [2, 1]], expect: isProblem, points: 1 },
    ],
  },
  {
    id: "8.2",
    tests: [
      { name: "p99 of 1..100", args: [Array.from({ length: 100 }, (_, i) => i + 1), 99], expect: (r) => near(r, 99.01), points: 2 },
      { name: "a single value", args: [[7], 37], expect: (r) => near(r, 7), points: 1 },
      { name: "numbers sort numerically, not as strings", args: [[10, 9, 100, 1], 50], expect: (r) => near(r, 9.5), points: 1 },
      { name: "p25 with duplicates", args: [[3, 1, 3, 3, 2], 25], expect: (r) => near(r, 2), points: 1 },
    ],
  },
  {
    id: "8.3",
    tests: [
      {
        name: "an empty reference bin",
        args: [[0, 10, 10], [5, 5, 10]],
        expect: (r) => near(r, (0.0001 - 0.25) * Math.log(0.0001 / 0.25) + (0.5 - 0.25) * Math.log(0.5 / 0.25) + 0),
        points: 2,
      },
      {
        name: "the tiny-share rule: smallest share <= 0.0001",
        args: [[1, 19999, 0], [10000, 10000, 0]],
        expect: (r) => {
          const ref = [1 / 20000, 19999 / 20000, 1 / 20000 / 1e6];
          const cur = [0.5, 0.5, 0.0001];
          near(r, ref.reduce((s, v, i) => s + (v - cur[i]) * Math.log(v / cur[i]), 0), 1e-9);
        },
        points: 2,
      },
      { name: "symmetric in its arguments", args: [[30, 70], [60, 40]], expect: (r) => near(r, (0.3 - 0.6) * Math.log(0.3 / 0.6) + (0.7 - 0.4) * Math.log(0.7 / 0.4)), points: 1 },
    ],
  },
  {
    id: "8.4",
    tests: [
      { name: "exactly 0.05 drop retrains", args: [[], 0.05], expect: (r) => assert.equal(r, "retrain"), points: 1 },
      { name: "a small measured drop does not retrain on PSI alone", args: [[{ feature: "a", psi: 0.5, ksPValue: 0 }, { feature: "b", psi: 0.5, ksPValue: 0 }], 0.01], expect: (r) => assert.equal(r, "investigate"), points: 2 },
      { name: "KS alone can trigger investigate", args: [[{ feature: "a", psi: 0.05, ksPValue: 0.005 }], null], expect: (r) => assert.equal(r, "investigate"), points: 1 },
      { name: "p = 0.01 exactly is not below 0.01", args: [[{ feature: "a", psi: 0.05, ksPValue: 0.01 }], 0], expect: (r) => assert.equal(r, "ok"), points: 1 },
      { name: "one PSI >= 0.2 without labels only investigates", args: [[{ feature: "a", psi: 0.25, ksPValue: 0.3 }], null], expect: (r) => assert.equal(r, "investigate"), points: 1 },
    ],
  },
];
