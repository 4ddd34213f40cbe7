import { assertNear as close } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Shared by checks.ts and hidden.ts (the exercise loader resolves ./tasks beside them).
/** Throughput of the exercise's network by batch size (samples per second): the cost model both the learner and the check use. */
export const THROUGHPUT = [
  { batchSize: 16, samplesPerSecond: 700 }, { batchSize: 32, samplesPerSecond: 1300 }, { batchSize: 64, samplesPerSecond: 2300 },
  { batchSize: 128, samplesPerSecond: 3600 }, { batchSize: 256, samplesPerSecond: 5000 }, { batchSize: 512, samplesPerSecond: 5800 },
  { batchSize: 1024, samplesPerSecond: 6400 },
];
/** Seconds of (modelled) training the learner may spend. */
export const BUDGET_SECONDS = 2;

/** Images `ix` of `images` (784 pixels each), one after another: typed, so a task holds 4 bytes per pixel, not an 8-byte number in a row array. */
function flatImages(images: Float32Array, ix: number[]): Float32Array {
  const x = new Float32Array(ix.length * 784);
  ix.forEach((src, k) => x.set(images.subarray(src * 784, (src + 1) * 784), k * 784));
  return x;
}

/** Share of `x`'s images (flat, 784 pixels each) whose most probable class under `model` is the label in `y`. */
function scoreImages(model: lab.tf.LayersModel, x: Float32Array, y: number[]): number {
  const predicted = lab.tf.tidy(() => (model.predict(lab.tf.tensor2d(x, [y.length, 784])) as lab.tf.Tensor).argMax(-1).dataSync());
  return y.filter((label, i) => predicted[i] === label).length / y.length;
}

/** Fashion-MNIST images the chapter never uses (from image 3,000 on), shuffled by `seed`: 2,000 to train, 1,000 to test (flat, 784 pixels each). The learner tunes on the chapter's first 3,000. */
export function budgetTask(seed: number): { trainX: Float32Array; trainY: number[]; testX: Float32Array; testY: number[] } {
  const fashion = lab.datasets.loadImages("fashion-mnist");
  const pool = Array.from({ length: fashion.labels.length - 3000 }, (_, i) => 3000 + i);
  const order = lab.data.shuffled(pool, lab.data.seededRandom(seed));
  const train = order.slice(0, 2000);
  const test = order.slice(2000, 3000);
  return { trainX: flatImages(fashion.images, train), trainY: train.map((i) => fashion.labels[i]), testX: flatImages(fashion.images, test), testY: test.map((i) => fashion.labels[i]) };
}

/**
 * Passes when the configuration fits the time budget under THROUGHPUT and the network it trains
 * (784 → 64 ReLU → 10, Adam, lab.train.fit seed 0) reaches `bar` accuracy on the test images.
 */
export async function judgeBudgetConfig(config: unknown, task: ReturnType<typeof budgetTask>, bar: number): Promise<void> {
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
  const x = lab.tf.tensor2d(task.trainX, [task.trainY.length, 784]);
  const oneHot = lab.tf.tidy(() => lab.tf.oneHot(lab.tf.tensor1d(task.trainY, "int32"), 10).toFloat());
  try {
    await lab.train.fit(model, x, oneHot, { epochs: epochs as number, batchSize: batchSize as number, seed: 0, display: "none" });
    const accuracy = scoreImages(model, task.testX, task.testY);
    assert.ok(accuracy >= bar, `batch ${batchSize}, learning rate ${learningRate}, ${epochs} epochs: test accuracy ${accuracy.toFixed(3)}; at least ${bar} passes`);
  } finally {
    lab.tf.dispose([x, oneHot]);
    model.optimizer.dispose();
    model.dispose();
  }
}

/** Bytes a model in the 4.6 format takes: `bits` per kernel entry, 4 bytes per bias entry and per scale. */
export function modelBytes(bits: number, kernelEntries: number, biasEntries: number, scales: number): number {
  return Math.ceil((bits * kernelEntries) / 8) + 4 * (biasEntries + scales);
}

/** 1,000 Fashion-MNIST images the chapter never uses (from image 3,000 on), drawn by `seed`: 4.6's test images (flat, 784 pixels each). */
export function memoryTask(seed: number): { testX: Float32Array; testY: number[] } {
  const fashion = lab.datasets.loadImages("fashion-mnist");
  const pool = Array.from({ length: fashion.labels.length - 3000 }, (_, i) => 3000 + i);
  const test = lab.data.shuffled(pool, lab.data.seededRandom(seed)).slice(0, 1000);
  return { testX: flatImages(fashion.images, test), testY: test.map((i) => fashion.labels[i]) };
}

/**
 * Passes when `result` is a 784 → h ReLU → 10 network in the 4.6 format
 * (`{ bits, layers: [{ q, scale, bias }, { q, scale, bias }] }`, weight = q × scale) that fits
 * `budgetBytes` and reaches `bar` accuracy on the task's test images.
 */
export async function judgeQuantized(result: unknown, budgetBytes: number, task: ReturnType<typeof memoryTask>, bar: number): Promise<void> {
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
    const accuracy = scoreImages(model, task.testX, task.testY);
    assert.ok(accuracy >= bar, `${hidden} hidden units at ${bits} bits (${bytes} bytes): test accuracy ${accuracy.toFixed(3)}; at least ${bar} passes`);
  } finally {
    weights.forEach((w) => w.dispose());
    model.optimizer.dispose();
    model.dispose();
  }
}
