import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { flatImages, perClassDraw, fashionDraw, digitDraw, draws, assertAccuracy } from "./tasks";

const near = (actual: number, expected: number) =>
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);

export const exercises: Exercise[] = [
  {
    id: "7.1",
    title: "Few-shot subset",
    name: "fewShotIndices",
    tests: [
      {
        name: "first two of each class, in original order",
        args: [[0, 1, 0, 2, 1, 0, 2, 1], 2],
        expect: (r) => assert.deepEqual(r, [0, 1, 2, 3, 4, 6]),
        hint: "Walk through the labels once, counting how many of each class you have kept so far.",
      },
      {
        name: "perClass 1 keeps the first occurrence of each class",
        args: [[3, 3, 1, 1, 3], 1],
        expect: (r) => assert.deepEqual(r, [0, 2]),
        hint: "Return positions (indices), not labels.",
      },
      {
        name: "a class with too few examples throws",
        args: [[0, 0, 0, 1], 2],
        throws: true,
        expect: (e) => assert.ok(e instanceof Error && /1/.test(e.message), "throw an Error naming the class that is short"),
        hint: "After the walk, check every class's total count against perClass.",
      },
    ],
  },
  {
    id: "7.2",
    title: "Nearest-centroid head",
    name: "nearestCentroid",
    tests: [
      {
        name: "two well-separated classes in 2-D: each point goes to the nearer class mean",
        args: [[[0, 0], [0, 1], [10, 10], [10, 11]], [0, 0, 1, 1], [[1, 1], [9, 9], [0, 0.5]]],
        expect: (r) => assert.deepEqual(r, [0, 1, 0]),
        hint: "Average the rows of each class, then pick the class whose average is closest.",
      },
      {
        name: "uses the class mean, not the nearest single example",
        args: [[[0], [10], [4]], [0, 0, 1], [[3.5], [6]]],
        expect: (r) => assert.deepEqual(r, [1, 0]),
        hint: "Class 0's centroid is 5 (the mean of 0 and 10), not 0 or 10.",
      },
      {
        name: "a tie goes to the smaller class",
        args: [[[0], [2]], [0, 1], [[1]]],
        expect: (r) => assert.deepEqual(r, [0]),
        hint: "Only replace the best class when a distance is strictly smaller.",
      },
    ],
  },
  {
    id: "7.3",
    title: "Discriminative learning rates",
    name: "discriminativeRates",
    tests: [
      {
        name: "three layers, factor 10: the head gets 0.01, each layer nearer the input 10 times less",
        args: [["conv1", "conv2", "head"], 0.01, 10],
        expect: (r) => {
          assert.deepEqual(Object.keys(r).sort(), ["conv1", "conv2", "head"]);
          near(r.head, 0.01);
          near(r.conv2, 0.001);
          near(r.conv1, 0.0001);
        },
        hint: "The last layer gets headRate; each step towards the input divides by factor once more.",
      },
      {
        name: "a single layer gets the head rate",
        args: [["only"], 0.003, 3],
        expect: (r) => near(r.only, 0.003),
      },
    ],
  },
  {
    id: "7.4",
    title: "Labels needed to reach an accuracy",
    name: "examplesNeeded",
    tests: [
      {
        name: "the first size that reaches the target",
        args: [[5, 20, 50], [0.7, 0.86, 0.9], 0.85],
        expect: (r) => assert.equal(r, 20),
        hint: "Go through the sizes in order and return the first whose accuracy is at least the target.",
      },
      {
        name: "reaching the target exactly counts",
        args: [[1, 2], [0.5, 0.8], 0.5],
        expect: (r) => assert.equal(r, 1),
        hint: "Use >=, not >.",
      },
      {
        name: "null when no size reaches it",
        args: [[5, 20], [0.6, 0.7], 0.9],
        expect: (r) => assert.equal(r, null),
      },
    ],
  },
  {
    id: "7.5",
    title: "Few-shot clothing past a bar",
    name: "fewShotClassifier",
    tests: [
      {
        name: "accuracy ≥ 0.87 on 500 unseen images, 20 labelled per class (seed 7)",
        args: () => { const d = fashionDraw(7); return [d.trainImages, d.trainLabels, d.testImages]; },
        expect: (r) => assertAccuracy(r, fashionDraw(7), 0.87),
        hint: "Freeze a fresh base at `features`, compute the features of the training and test images, train a linear head on them.",
      },
    ],
  },
  {
    id: "7.6",
    title: "Digits from a clothing base",
    name: "digitClassifier",
    tests: [
      {
        name: "accuracy ≥ 0.89 on 500 unseen digits, 20 labelled per class (seed 8)",
        args: () => { const d = digitDraw(8); return [d.trainImages, d.trainLabels, d.testImages]; },
        expect: (r) => assertAccuracy(r, digitDraw(8), 0.89),
        hint: "The late `embedding` layer is specific to clothing: cut the base earlier, at `features`, and use 10 classes.",
      },
    ],
  },
];
