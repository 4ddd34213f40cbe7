import { assertClose as close, assertUnchanged } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

const AGES = [22, null, 38, null];

export const exercises: Exercise[] = [
  {
    id: "0.1",
    title: "Mean squared error",
    name: "meanSquaredError",
    hints: [
      "For each position i, take the difference yTrue[i] - yPred[i] and square it (d * d or d ** 2).",
      "Add the squares up in a loop, then divide the sum by the number of values, yTrue.length.",
      "Before anything else: if (yTrue.length !== yPred.length) throw new Error(\"...\"): the arrays must pair up.",
    ],
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
        mistakes: [
          { returns: 1, hint: "That is the mean absolute difference, (1 + 0 + 2) / 3: square each difference instead of taking its absolute value." },
          { returns: 5 / 2, hint: "You divided by n − 1 = 2: the mean divides by the number of values, n = 3." },
          { returns: 5, hint: "That is the sum of the squared differences: divide it by the number of values to get the mean." },
        ],
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
  {
    id: "0.2",
    title: "Fill the gaps",
    name: "fillMissing",
    hints: [
      "Build a new array with values.map((v) => ...): one output per input, in the same order.",
      "For each v: if it is null, use fill; otherwise keep v. The ?? operator says exactly that: v ?? fill.",
    ],
    tests: [
      {
        name: "[22, null, 38, null] with 30 gives [22, 30, 38, 30]",
        args: [AGES, 30],
        expect: (r) => assert.deepEqual(r, [22, 30, 38, 30]),
        hint: "Replace each null by fill and keep every other value where it is.",
      },
      {
        name: "a 0 is a value, not a gap: [0, null] with 5 gives [0, 5]",
        args: [[0, null], 5],
        expect: (r) => assert.deepEqual(r, [0, 5]),
        hint: "`v || fill` also replaces 0; `v ?? fill` replaces only null and undefined.",
      },
      {
        name: "returns the filled values as a new array, leaving values unchanged",
        args: [AGES, 30],
        expect: (r, after) => {
          assert.deepEqual(r, [22, 30, 38, 30]);
          assertUnchanged(after, [AGES, 30], ["values", "fill"]);
        },
        hint: "Return values.map(...) (a new array) instead of assigning values[i] = fill.",
      },
    ],
  },
  {
    id: "0.3",
    title: "Where are the large values?",
    name: "indicesAbove",
    hints: [
      "You need positions, not values: loop with the index i (a for loop, or flatMap((v, i) => ...)).",
      "Keep i when values[i] > threshold, in increasing order: flatMap((v, i) => (v > threshold ? [i] : [])).",
    ],
    tests: [
      {
        name: "[5, 1, 7, 3] above 4 gives the positions [0, 2]",
        args: [[5, 1, 7, 3], 4],
        expect: (r) => assert.deepEqual(r, [0, 2]),
        hint: "Return the positions (indices) i, not the values themselves.",
        mistakes: [{ returns: [5, 7], hint: "Those are the values above 4; return their positions (indices) instead." }],
      },
      {
        name: "a value equal to the threshold is not above it",
        args: [[4, 4.5, 4], 4],
        expect: (r) => assert.deepEqual(r, [1]),
        hint: "Use >, not >=.",
      },
      {
        name: "nothing above the threshold gives []",
        args: [[1, 2], 10],
        expect: (r) => assert.deepEqual(r, []),
        hint: "Start from an empty array and add only the positions that qualify.",
      },
    ],
  },
];
