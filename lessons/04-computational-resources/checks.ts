import { assertNear as close } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { THROUGHPUT, BUDGET_SECONDS, budgetTask, judgeBudgetConfig, modelBytes, memoryTask, judgeQuantized } from "./tasks";

// Model exercise 4.5: the learner's function gets only the cost model (a throughput table and a
// budget: no wall-clock timing, which a shared machine would make flaky) and tunes on the chapter's
// own first 3,000 images; the check trains the configuration it returns on 2,000 images from
// image 3,000 on and scores it on 1,000 more, none of which the learner's code uses. (Passing the
// images themselves as arguments was tried: 1.6 million numbers each way made a grading call time out.)
// hidden.ts calls the same builders (tasks.ts) with other seeds.

export const exercises: Exercise[] = [
  {
    id: "4.1",
    title: "Throughput from batch times",
    name: "samplesPerSecond",
    tests: [
      {
        name: "batch 32, steady 10 ms batches after a 100 ms warm-up → 3,200 samples/s",
        args: [32, [100, 10, 10, 10]],
        expect: (r) => close(r, 3200),
        hint: "Drop the first time, take the median of the rest: samples/s = batchSize · 1000 / medianMs.",
      },
      {
        name: "one slow batch does not move the median",
        args: [10, [500, 20, 40, 1000]],
        expect: (r) => close(r, 250),
        hint: "The median of [20, 40, 1000] is 40 ms; the mean would be 353 ms.",
      },
      {
        name: "an even number of timed batches averages the two middle times",
        args: [8, [99, 10, 30]],
        expect: (r) => close(r, 400),
        hint: "The median of [10, 30] is 20.",
      },
      {
        name: "fewer than 2 times throws",
        args: [8, [12]],
        throws: true,
        expect: (e) => assert.ok(e instanceof Error, "throw an Error"),
        hint: "With only the warm-up batch there is nothing to measure.",
      },
    ],
  },
  {
    id: "4.2",
    title: "Fastest accurate batch size",
    name: "fastestAccurate",
    tests: [
      {
        name: "the fastest batch size is too inaccurate: take the fastest of the rest",
        args: [[
          { batchSize: 16, samplesPerSecond: 900, accuracy: 0.82 },
          { batchSize: 64, samplesPerSecond: 1500, accuracy: 0.81 },
          { batchSize: 1024, samplesPerSecond: 2000, accuracy: 0.4 },
        ], 0.8],
        expect: (r) => assert.equal(r, 64),
        hint: "Filter by accuracy >= minAccuracy first, then take the highest samplesPerSecond.",
      },
      {
        name: "nothing is accurate enough → null",
        args: [[{ batchSize: 16, samplesPerSecond: 900, accuracy: 0.5 }], 0.8],
        expect: (r) => assert.equal(r, null),
        hint: "Return null (not undefined, not 0) when no row qualifies.",
      },
    ],
  },
  {
    id: "4.3",
    title: "Training memory of an MLP",
    name: "trainingMemoryMB",
    tests: [
      {
        name: "[1, 1] with SGD, batch 1: 2 weights, 2 gradients, 2 activations = 24 bytes",
        args: [1, [1, 1], "sgd"],
        expect: (r) => close(r, 24 / 2 ** 20),
        hint: "W = 1·1 + 1 = 2 (a weight and a bias); gradients another 2; activations 1 · (1 + 1).",
      },
      {
        name: "[784, 128, 10] with Adam, batch 32: weights, gradients, two Adam moments and activations",
        args: [32, [784, 128, 10], "adam"],
        expect: (r) => {
          const w = 784 * 128 + 128 + 128 * 10 + 10;
          close(r, (4 * (w + w + 2 * w + 32 * (784 + 128 + 10))) / 2 ** 20);
        },
        hint: "Adam keeps two numbers per weight, on top of the weights and their gradients.",
      },
    ],
  },
  {
    id: "4.4",
    title: "Training cost",
    name: "trainingCost",
    tests: [
      {
        name: "3,600 samples at 1 sample/s is 1 hour; at $2/h that is $2",
        args: [3600, 1, 1, 2],
        expect: (r) => {
          close(r.hours, 1);
          close(r.cost, 2);
        },
        hint: "hours = samples · epochs / samplesPerSecond / 3600; cost = hours · pricePerHour.",
      },
      {
        name: "60,000 images × 20 epochs at 1,000 samples/s, $0.10/h: 1/3 hour, $1/30",
        args: [60000, 20, 1000, 0.1],
        expect: (r) => {
          close(r.hours, 1 / 3);
          close(r.cost, 1 / 30);
        },
        hint: "1,200,000 samples / 1,000 per second = 1,200 s = 1/3 hour.",
      },
      {
        name: "a throughput of 0 throws",
        args: [1000, 1, 0, 1],
        throws: true,
        expect: (e) => assert.ok(e instanceof Error, "throw an Error"),
        hint: "Dividing by 0 gives Infinity: check samplesPerSecond > 0 first.",
      },
    ],
  },
  {
    id: "4.5",
    title: "Most accuracy for a time budget",
    name: "configForBudget",
    tests: [
      {
        name: "fits 2 s under the throughput table and reaches test accuracy >= 0.70 (images drawn with seed 1)",
        args: [THROUGHPUT, BUDGET_SECONDS],
        expect: (r) => judgeBudgetConfig(r, budgetTask(1), 0.70),
        hint: "For each batch size the budget allows floor(budget × samplesPerSecond / 2000) epochs. The largest batch makes too few updates at the default learning rate, the smallest gets through too few images: try the middle, and raise the learning rate with the batch size.",
      },
    ],
  },
  {
    id: "4.6",
    title: "Most accuracy in 10,000 bytes",
    name: "modelForMemory",
    tests: [
      {
        name: "fits 10,000 bytes and reaches test accuracy >= 0.75 on 1,000 unseen images (drawn with seed 1)",
        args: [10000],
        expect: (r) => judgeQuantized(r, 10000, memoryTask(1), 0.75),
        hint: "At 32 bits only 3 hidden units fit, too few to tell ten classes apart. Fewer bits per weight buy more units: 12 at 8 bits, 16 at 6, 24 at 4 (scale = max |w| / (2^(bits-1) - 1), q = round(w / scale)). Score the rounded weights on held-out images: 12 units can land below the bar with an unlucky seed, 16 at 6 bits are safer.",
      },
    ],
  },
];
