import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Shared by checks.ts and hidden.ts (the exercise loader resolves ./tasks beside them).
/** Flat 28×28 images (one after another) of some rows of an image data set. */
export function flatImages(images: Float32Array, size: number, idx: number[]): Float32Array {
  const x = new Float32Array(idx.length * size);
  idx.forEach((src, k) => x.set(images.subarray(src * size, (src + 1) * size), k * size));
  return x;
}

/** The first `perClass` of each class in `order`. */
export function perClassDraw(order: number[], labelOf: (i: number) => number, perClass: number): number[] {
  const count = new Map<number, number>();
  return order.filter((i) => { const c = labelOf(i); count.set(c, (count.get(c) ?? 0) + 1); return count.get(c)! <= perClass; });
}

/**
 * Exercise 7.5's data for `seed`: 20 random pool images of each new Fashion-MNIST class, and 500
 * test images from the held-out half past the lesson's evaluation set. Exercise 7.6's: 20 random
 * digits of each class (8×8 scaled to 28×28 as in the lesson) and 500 other digits.
 */
export function fashionDraw(seed: number) {
  const key = `fashion ${seed}`;
  if (draws.has(key)) return draws.get(key);
  const fashion = lab.datasets.loadImages("fashion-mnist");
  const TARGET = [5, 6, 7, 8, 9];
  const pool: number[] = [];
  const held: number[] = [];
  fashion.labels.forEach((c, i) => { if (TARGET.includes(c)) (i < 5000 ? pool : held).push(i); });
  const rand = lab.explain.seededRandom(seed);
  const train = perClassDraw(lab.data.shuffled(pool, rand), (i) => fashion.labels[i], 20);
  const test = lab.data.shuffled(held.slice(1000), rand).slice(0, 500);
  const label = (i: number) => TARGET.indexOf(fashion.labels[i]);
  const draw = { trainImages: flatImages(fashion.images, 784, train), trainLabels: train.map(label), testImages: flatImages(fashion.images, 784, test), testLabels: test.map(label) };
  draws.set(key, draw);
  return draw;
}
export function digitDraw(seed: number) {
  const key = `digits ${seed}`;
  if (draws.has(key)) return draws.get(key);
  const digits = lab.datasets.loadImages("digits");
  const order = lab.data.shuffled(Array.from({ length: digits.shape[0] }, (_, i) => i), lab.explain.seededRandom(seed));
  const train = perClassDraw(order, (i) => digits.labels[i], 20);
  const inTrain = new Set(train);
  const test = order.filter((i) => !inTrain.has(i)).slice(0, 500);
  const scaled = (idx: number[]) => lab.tf.tidy(() => lab.tf.image.resizeBilinear(lab.tf.tensor4d(flatImages(digits.images, 64, idx), [idx.length, 8, 8, 1]), [28, 28]).dataSync() as Float32Array);
  const draw = { trainImages: scaled(train), trainLabels: train.map((i) => digits.labels[i]), testImages: scaled(test), testLabels: test.map((i) => digits.labels[i]) };
  draws.set(key, draw);
  return draw;
}
export const draws = new Map<string, any>();

/** The bar of exercises 7.5 (0.87) and 7.6 (0.89): accuracy on the unseen test images. */
export function assertAccuracy(predicted: number[], draw: { testLabels: number[] }, bar: number) {
  const n = draw.testLabels.length;
  assert.ok(Array.isArray(predicted) && predicted.length === n, `expected ${n} predicted classes (one per test image), got ${Array.isArray(predicted) ? predicted.length : typeof predicted}`);
  const accuracy = draw.testLabels.filter((y, i) => predicted[i] === y).length / n;
  assert.ok(accuracy >= bar, `accuracy ${accuracy.toFixed(3)} on ${n} unseen images: the bar is ${bar}`);
}
