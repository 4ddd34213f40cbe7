import { assertNear as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

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
];
