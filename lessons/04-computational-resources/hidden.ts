import { assertNear as close } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Model exercise 4.5 on image draws the visible check (seed 1) never uses.
// The builder, cost model and judge are checks.ts's, repeated: each file is transpiled on its own.
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

/** Throughput of the exercise's network by batch size (samples per second): the cost model both the learner and the check use. */
const THROUGHPUT = [
  { batchSize: 16, samplesPerSecond: 700 }, { batchSize: 32, samplesPerSecond: 1300 }, { batchSize: 64, samplesPerSecond: 2300 },
  { batchSize: 128, samplesPerSecond: 3600 }, { batchSize: 256, samplesPerSecond: 5000 }, { batchSize: 512, samplesPerSecond: 5800 },
  { batchSize: 1024, samplesPerSecond: 6400 },
];
/** Seconds of (modelled) training the learner may spend. */
const BUDGET_SECONDS = 2;

/** Fashion-MNIST images the chapter never uses (from image 3,000 on), shuffled by `seed`: 2,000 to train, 1,000 to test. The learner tunes on the chapter's first 3,000. */
function budgetTask(seed: number): { trainX: number[][]; trainY: number[]; testX: number[][]; testY: number[] } {
  const fashion = lab.datasets.loadImages("fashion-mnist");
  const pool = Array.from({ length: fashion.labels.length - 3000 }, (_, i) => 3000 + i);
  const order = lab.data.shuffled(pool, lab.data.seededRandom(seed));
  const rows = (ix: number[]) => ix.map((i) => Array.from(fashion.images.subarray(i * 784, (i + 1) * 784)));
  const train = order.slice(0, 2000);
  const test = order.slice(2000, 3000);
  return { trainX: rows(train), trainY: train.map((i) => fashion.labels[i]), testX: rows(test), testY: test.map((i) => fashion.labels[i]) };
}

/**
 * Passes when the configuration fits the time budget under THROUGHPUT and the network it trains
 * (784 → 64 ReLU → 10, Adam, lab.train.fit seed 0) reaches `bar` accuracy on the test images.
 */
async function judgeBudgetConfig(config: unknown, task: ReturnType<typeof budgetTask>, bar: number): Promise<void> {
  const { batchSize, learningRate, epochs } = (config ?? {}) as { batchSize?: unknown; learningRate?: unknown; epochs?: unknown };
  const row = THROUGHPUT.find((r) => r.batchSize === batchSize);
  assert.ok(row, `expected { batchSize, learningRate, epochs } with a batch size from the throughput table (${THROUGHPUT.map((r) => r.batchSize).join(", ")}), got ${JSON.stringify(config)}`);
  assert.ok(typeof learningRate === "number" && learningRate > 0 && learningRate <= 1, `expected a learning rate in (0, 1], got ${JSON.stringify(config)}`);
  assert.ok(Number.isInteger(epochs) && (epochs as number) >= 1, `expected a whole number of epochs >= 1, got ${JSON.stringify(config)}`);
  const seconds = ((epochs as number) * task.trainY.length) / row!.samplesPerSecond;
  assert.ok(seconds <= BUDGET_SECONDS + 1e-9, `${epochs} epochs of ${task.trainY.length} images at ${row!.samplesPerSecond} samples/s take ${seconds.toFixed(2)} s; the budget is ${BUDGET_SECONDS} s`);
  // In the grader's own process nothing has chosen a backend yet: without this it trains on pure-JS `cpu` (the
  // same accuracies, measured, but 10-20 times slower). In the notebook it returns the kernel's choice at once.
  await lab.useBestBackend({ print: false });
  const model = lab.overfit.mlp({ inputs: 784, outputs: 10, hidden: [64], learningRate: learningRate as number });
  const oneHot = task.trainY.map((label) => Array.from({ length: 10 }, (_, k) => (k === label ? 1 : 0)));
  try {
    await lab.train.fit(model, task.trainX, oneHot, { epochs: epochs as number, batchSize: batchSize as number, seed: 0, display: "none" });
    const accuracy = lab.overfit.evaluateAccuracy(model, task.testX, task.testY);
    assert.ok(accuracy >= bar, `batch ${batchSize}, learning rate ${learningRate}, ${epochs} epochs: test accuracy ${accuracy.toFixed(3)}; at least ${bar} passes`);
  } finally {
    model.optimizer.dispose();
    model.dispose();
  }
}

/** Bytes a model in the 4.6 format takes: `bits` per kernel entry, 4 bytes per bias entry and per scale. */
function modelBytes(bits: number, kernelEntries: number, biasEntries: number, scales: number): number {
  return Math.ceil((bits * kernelEntries) / 8) + 4 * (biasEntries + scales);
}

/** 1,000 Fashion-MNIST images the chapter never uses (from image 3,000 on), drawn by `seed`: 4.6's test images. */
function memoryTask(seed: number): { testX: number[][]; testY: number[] } {
  const fashion = lab.datasets.loadImages("fashion-mnist");
  const pool = Array.from({ length: fashion.labels.length - 3000 }, (_, i) => 3000 + i);
  const test = lab.data.shuffled(pool, lab.data.seededRandom(seed)).slice(0, 1000);
  return { testX: test.map((i) => Array.from(fashion.images.subarray(i * 784, (i + 1) * 784))), testY: test.map((i) => fashion.labels[i]) };
}

/**
 * Passes when `result` is a 784 → h ReLU → 10 network in the 4.6 format
 * (`{ bits, layers: [{ q, scale, bias }, { q, scale, bias }] }`, weight = q × scale) that fits
 * `budgetBytes` and reaches `bar` accuracy on the task's test images.
 */
async function judgeQuantized(result: unknown, budgetBytes: number, task: ReturnType<typeof memoryTask>, bar: number): Promise<void> {
  const { bits, layers } = (result ?? {}) as { bits?: unknown; layers?: unknown };
  assert.ok(Number.isInteger(bits) && (bits as number) >= 2 && (bits as number) <= 32, `expected { bits, layers } with a whole number of bits from 2 to 32, got bits = ${JSON.stringify(bits)}`);
  assert.ok(Array.isArray(layers) && layers.length === 2, `expected layers = [hidden layer, output layer] (2 entries), got ${Array.isArray(layers) ? layers.length : typeof layers}`);
  const [first, second] = layers as { q?: unknown; scale?: unknown; bias?: unknown }[];
  const hidden = Array.isArray(first?.bias) ? first.bias.length : 0;
  assert.ok(hidden >= 1, "expected layers[0].bias: one number per hidden unit");
  const shapes = [[784, hidden], [hidden, 10]];
  const limit = 2 ** ((bits as number) - 1) - 1;
  [first, second].forEach((layer, i) => {
    const [rows, columns] = shapes[i];
    assert.ok(Array.isArray(layer?.q) && layer.q.length === rows * columns, `layers[${i}].q: expected ${rows} × ${columns} = ${rows * columns} whole numbers (the kernel, row by row), got ${Array.isArray(layer?.q) ? layer.q.length : typeof layer?.q}`);
    const bad = (layer.q as unknown[]).findIndex((v) => !Number.isInteger(v) || Math.abs(v as number) > limit);
    assert.ok(bad < 0, `layers[${i}].q[${bad}] = ${(layer.q as unknown[])[bad]}: with ${bits} bits each entry is a whole number from -${limit} to ${limit}`);
    assert.ok(typeof layer.scale === "number" && Number.isFinite(layer.scale) && layer.scale > 0, `layers[${i}].scale: expected a positive number, got ${JSON.stringify(layer.scale)}`);
    assert.ok(Array.isArray(layer.bias) && layer.bias.length === columns && layer.bias.every((b) => Number.isFinite(b)), `layers[${i}].bias: expected ${columns} numbers`);
  });
  const bytes = modelBytes(bits as number, 794 * hidden, hidden + 10, 2);
  assert.ok(bytes <= budgetBytes, `${hidden} hidden units at ${bits} bits take ${bytes} bytes (${bits} bits × ${794 * hidden} weights + 4 bytes × ${hidden + 12} biases and scales); the budget is ${budgetBytes}`);
  await lab.useBestBackend({ print: false });
  const model = lab.overfit.mlp({ inputs: 784, outputs: 10, hidden: [hidden] });
  const weights = [
    lab.tf.tensor2d((first.q as number[]).map((q) => q * (first.scale as number)), [784, hidden]), lab.tf.tensor1d(first.bias as number[]),
    lab.tf.tensor2d((second.q as number[]).map((q) => q * (second.scale as number)), [hidden, 10]), lab.tf.tensor1d(second.bias as number[]),
  ];
  try {
    model.setWeights(weights);
    const accuracy = lab.overfit.evaluateAccuracy(model, task.testX, task.testY);
    assert.ok(accuracy >= bar, `${hidden} hidden units at ${bits} bits (${bytes} bytes): test accuracy ${accuracy.toFixed(3)}; at least ${bar} passes`);
  } finally {
    weights.forEach((w) => w.dispose());
    model.optimizer.dispose();
    model.dispose();
  }
}

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
