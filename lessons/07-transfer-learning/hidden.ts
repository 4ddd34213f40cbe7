import { assertUnchanged } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

export const exercises: Exercise[] = [
  {
    id: "7.1",
    tests: [
      { name: "perClass 0 gives nothing", args: [[0, 1, 2], 0], expect: (r) => assert.deepEqual(r, []), points: 1 },
      {
        name: "many classes, interleaved",
        args: [[4, 2, 4, 4, 2, 9, 2, 9, 4], 2],
        expect: (r) => assert.deepEqual(r, [0, 1, 2, 4, 5, 7]),
        points: 2,
      },
      { name: "throws for a short class even at the end", args: [[0, 0, 1, 1, 2], 2], throws: true, expect: (e) => assert.ok(e instanceof Error), points: 1 },
      {
        name: "right positions, and labels unchanged after the call",
        args: [[1, 0, 1, 0], 1],
        expect: (r, after) => {
          assert.deepEqual(r, [0, 1]);
          assertUnchanged(after, [[1, 0, 1, 0], 1], ["labels", "perClass"]);
        },
        points: 1,
      },
    ],
  },
  {
    id: "7.2",
    tests: [
      {
        name: "three classes in 3-D",
        args: [[[1, 0, 0], [1.2, 0, 0], [0, 1, 0], [0, 1.1, 0], [0, 0, 1], [0, 0, 0.9]], [0, 0, 1, 1, 2, 2], [[0.9, 0.1, 0], [0, 0, 2], [0.1, 0.8, 0.2]]],
        expect: (r) => assert.deepEqual(r, [0, 2, 1]),
        points: 2,
      },
      {
        name: "unequal class sizes",
        args: [[[0], [0], [0], [6]], [0, 0, 0, 1], [[2.9], [3.1]]],
        expect: (r) => assert.deepEqual(r, [0, 1]),
        points: 1,
      },
      {
        name: "Euclidean, not Manhattan, distance",
        args: [[[0, 0], [3, 3]], [0, 1], [[2.9, 0]]],
        expect: (r) => assert.deepEqual(r, [0]),
        points: 1,
      },
    ],
  },
  {
    id: "7.3",
    tests: [
      {
        name: "four layers, factor 2.6 (ULMFiT's)",
        args: [["a", "b", "c", "d"], 0.01, 2.6],
        expect: (r) => {
          const expected = { a: 0.01 / 2.6 ** 3, b: 0.01 / 2.6 ** 2, c: 0.01 / 2.6, d: 0.01 };
          for (const [k, v] of Object.entries(expected)) assert.ok(Math.abs(r[k] - v) < 1e-15, `${k}: ${r[k]} vs ${v}`);
        },
        points: 2,
      },
      { name: "factor 1 gives every layer the same rate", args: [["x", "y"], 0.5, 1], expect: (r) => assert.deepEqual(r, { x: 0.5, y: 0.5 }), points: 1 },
    ],
  },
  {
    id: "7.4",
    tests: [
      { name: "a non-monotone curve: the first size that reaches it", args: [[1, 2, 4, 8], [0.5, 0.92, 0.88, 0.95], 0.9], expect: (r) => assert.equal(r, 2), points: 1 },
      { name: "empty curves give null", args: [[], [], 0.5], expect: (r) => assert.equal(r, null), points: 1 },
      { name: "the last size", args: [[10, 100, 1000], [0.1, 0.2, 0.99], 0.99], expect: (r) => assert.equal(r, 1000), points: 1 },
    ],
  },
];
