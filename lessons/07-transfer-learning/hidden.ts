import { assertUnchanged } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { flatImages, perClassDraw, fashionDraw, digitDraw, draws, assertAccuracy } from "./tasks";

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
  // 7.5 and 7.6 on draws the learner's code never saw (other labelled images, other test images).
  // Re-measured after the merge (the transfer training now goes through lab.train.fit), 00:22–00:28 UTC,
  // load ~10–13 on 2 cores, wasm, on seeds 7 (visible), 101, 202, 303 (graded), 404, 505: the
  // reference solution (a fresh base frozen at `features` + a linear head, 100 epochs) scores
  // 0.906–0.920 on 7–303 (margin ≥ 0.036 over 0.87; 0.912 and 0.882 on 404 and 505); a head on
  // `embedding` (the naive cut) scores 0.782–0.856 and fails on all six (by ≥ 0.014); the small CNN
  // from scratch (the lesson's recipe) scores 0.862–0.876, around the bar (passes on 101, 202, 404,
  // fails on 7, 303, 505). The old bar 0.86 let scratch pass everywhere. 1.0–2.7 s per call.
  // The bar assumes the shipped base (models/, sha256 in kernel-ext/src/transfer/base.ts): re-measure if it changes.
  {
    id: "7.5",
    tests: [101, 202, 303].map((seed) => ({
      name: `accuracy ≥ 0.87 on 500 unseen images (seed ${seed})`,
      args: () => { const d = fashionDraw(seed); return [d.trainImages, d.trainLabels, d.testImages]; },
      expect: (r: unknown) => assertAccuracy(r as number[], fashionDraw(seed), 0.87),
      points: 1,
    })),
  },
  // Re-measured after the merge, 00:23–00:28 UTC, load ~6–12 on 2 cores, wasm, on twelve draws (seeds
  // 7–13, 101, 202, 303, 404, 505): the reference solution (`features`, 10 classes, 100 epochs) scores
  // 0.942–0.962 on the graded seeds 8 (visible), 101, 202, 303 (margin ≥ 0.052 over 0.89) and
  // 0.922–0.962 on the others except seed 7 (0.878: a hard draw for every approach, so the visible
  // check moved from seed 7 to 8); a head on `embedding` (the naive cut) scores 0.778–0.876 on all
  // twelve and fails (by ≥ 0.014); the old bar 0.86 let it pass on seed 202 (0.876). Scratch scores
  // 0.848–0.924 on 7, 101–505 (passes on 7, 101, 202: from an unrelated source transfer saves little).
  // 1.8–3.9 s per call.
  {
    id: "7.6",
    tests: [101, 202, 303].map((seed) => ({
      name: `accuracy ≥ 0.89 on 500 unseen digits (seed ${seed})`,
      args: () => { const d = digitDraw(seed); return [d.trainImages, d.trainLabels, d.testImages]; },
      expect: (r: unknown) => assertAccuracy(r as number[], digitDraw(seed), 0.89),
      points: 1,
    })),
  },
];
