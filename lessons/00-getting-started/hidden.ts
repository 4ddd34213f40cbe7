import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

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
        name: "does not change its inputs",
        args: [[1, 2], [3, 4]],
        expect: (r) => assert.ok(Math.abs(r - 4) < 1e-9, `expected 4, got ${r}`),
      },
    ],
  },
];
