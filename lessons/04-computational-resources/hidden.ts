import { assertNear as close } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { THROUGHPUT, BUDGET_SECONDS, budgetTask, judgeBudgetConfig, modelBytes, memoryTask, judgeQuantized } from "./tasks";

// Model exercise 4.5 on image draws the visible check (seed 1) never uses.
// The builder, cost model and judge are tasks.ts's, shared with checks.ts.
// Measured margins (23:50 UTC, load ~11-20 on 2 cores, wasm; pure-JS cpu gave the same accuracies
// to 0.003), evaluation images drawn with seeds 1-5: the reference (tries batch 64 / lr 3e-3,
// 256 / 3e-3, 256 / 1e-2, 1024 / 1e-2 for the epochs the budget allows, on the chapter's first
// 2,000 images, scored on the next 1,000) picks 256 / 1e-2 / 5 epochs: test accuracy 0.740-0.776
// on the graded seeds 1-4 (0.733 on seed 5); bar 0.70, margin >= 0.04. The fastest setting
// (1024 / 1e-3 / 6 epochs): 0.59-0.62 (fails); batch 32 for its one epoch: 0.68-0.74.

// Model exercise 4.6 (a model in 10,000 bytes) on test images the visible check (seed 1) never uses.
// Measured 00:10-00:19 UTC, load ~10-13 on 2 cores, wasm, test images drawn with seeds 1-5, each
// network trained on the chapter's first 3,000 images (batch 32), training seeds 0-3 (lab.train.fit's
// shuffling; the grader may interleave calls, which changes it): the reference (6 bits, 16 hidden
// units, 9,640 bytes, 10 epochs at 0.003) scores 0.794-0.831: bar 0.75, margin >= 0.044. The naive
// float32 network that fits (3 hidden units, 9,588 bytes; best rate 0.001, 15 epochs) scores
// 0.406-0.693, 0.682-0.718 with 30 epochs: fails by >= 0.032. Also measured: 8 bits / 12 units
// 0.70-0.82 (an unlucky training seed lands under the bar), 4 bits / 24 units 0.774-0.821.

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
  {
    id: "4.5",
    tests: [2, 3, 4].map((seed) => ({
      name: `configuration for a 2 s budget, images drawn with seed ${seed}`,
      args: [THROUGHPUT, BUDGET_SECONDS],
      expect: (r: unknown) => judgeBudgetConfig(r, budgetTask(seed), 0.70),
      points: 1,
    })),
  },
  {
    id: "4.6",
    tests: [2, 3, 4].map((seed) => ({
      name: `a model in 10,000 bytes, test images drawn with seed ${seed}`,
      args: [10000],
      expect: (r: unknown) => judgeQuantized(r, 10000, memoryTask(seed), 0.75),
      points: 1,
    })),
  },
];
