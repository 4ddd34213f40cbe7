import { assertClose as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

export const exercises: Exercise[] = [
  {
    id: "0.1",
    title: "Mean squared error",
    name: "meanSquaredError",
    tests: [
      {
        name: "identical arrays have an error of 0",
        args: [[1, 2, 3], [1, 2, 3]],
        expect: (r) => close(r, 0),
        hint: "Subtract each prediction from its target, square, and average.",
      },
      {
        name: "([1, 2, 3], [2, 2, 5]) gives (1 + 0 + 4) / 3",
        args: [[1, 2, 3], [2, 2, 5]],
        expect: (r) => close(r, 5 / 3),
        hint: "Divide the sum of squared differences by the number of values, not by a fixed number.",
      },
      {
        name: "arrays of different lengths throw an error",
        args: [[1, 2, 3], [1, 2]],
        throws: true,
        expect: (e) => assert.ok(e instanceof Error, "throw an Error object: throw new Error(\"...\")"),
        hint: "Compare yTrue.length with yPred.length before computing anything.",
      },
    ],
  },
];
