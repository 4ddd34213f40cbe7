import { assertNear as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

export const exercises: Exercise[] = [
  {
    id: "4.1",
    tests: [
      { name: "median of four timed batches", args: [1, [1, 2, 4, 6, 8]], expect: (r) => close(r, 200), points: 1 },
      { name: "a huge outlier at the end is ignored", args: [100, [50, 10, 10, 10, 10000]], expect: (r) => close(r, 10000), points: 2 },
      { name: "the warm-up is dropped even when it is the fastest", args: [4, [1, 8, 8]], expect: (r) => close(r, 500), points: 1 },
      { name: "an empty list throws", args: [4, []], throws: true, expect: (e) => assert.ok(e instanceof Error), points: 1 },
    ],
  },
  {
    id: "4.2",
    tests: [
      { name: "accuracy exactly at the threshold qualifies", args: [[{ batchSize: 32, samplesPerSecond: 10, accuracy: 0.8 }], 0.8], expect: (r) => assert.equal(r, 32), points: 1 },
      { name: "an empty list gives null", args: [[], 0.5], expect: (r) => assert.equal(r, null), points: 1 },
      {
        name: "rows in any order",
        args: [[
          { batchSize: 512, samplesPerSecond: 3000, accuracy: 0.9 },
          { batchSize: 8, samplesPerSecond: 100, accuracy: 0.95 },
          { batchSize: 128, samplesPerSecond: 2500, accuracy: 0.93 },
        ], 0.92],
        expect: (r) => assert.equal(r, 128),
        points: 2,
      },
    ],
  },
  {
    id: "4.3",
    tests: [
      { name: "a single layer has no weights, only activations", args: [10, [5], "sgd"], expect: (r) => close(r, (4 * 50) / 2 ** 20), points: 1 },
      {
        name: "SGD keeps no optimiser state",
        args: [2, [3, 4], "sgd"],
        expect: (r) => close(r, (4 * (2 * 16 + 2 * 7)) / 2 ** 20),
        points: 1,
      },
      {
        name: "activations grow with the batch, weights do not",
        args: [1024, [784, 256, 256, 10], "adam"],
        expect: (r) => {
          const w = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
          close(r, (4 * (4 * w + 1024 * (784 + 256 + 256 + 10))) / 2 ** 20);
        },
        points: 2,
      },
    ],
  },
  {
    id: "4.4",
    tests: [
      { name: "a free machine costs nothing", args: [1000, 3, 10, 0], expect: (r) => { close(r.hours, 300 / 3600); close(r.cost, 0); }, points: 1 },
      { name: "negative throughput throws", args: [1000, 1, -5, 1], throws: true, expect: (e) => assert.ok(e instanceof Error), points: 1 },
      {
        name: "ImageNet scale: 1.28 M images × 90 epochs at 2,000/s, $3/h",
        args: [1.28e6, 90, 2000, 3],
        expect: (r) => { close(r.hours, 16); close(r.cost, 48); },
        points: 2,
      },
    ],
  },
];
