import { assertNear as near, assertUnchanged } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

// Shared by checks.ts and hidden.ts (the exercise loader resolves ./tasks beside them).
/**
 * A split of the five new Fashion-MNIST classes chosen by `seed`: 250 training images (50 per
 * class); five batches of 200 images, one darker (× 0.6), one shifted down by 3 or 4 rows (the
 * remounted camera), three clean, with the labels of each batch's first 50; 400 test images, and
 * the same shifted.
 */
export function cameraTask(seed: number) {
  const hit = cameraTasks.get(seed);
  if (hit) return hit;
  const fashion = lab.datasets.loadImages("fashion-mnist");
  const TARGET = [5, 6, 7, 8, 9];
  const all: number[] = [];
  fashion.labels.forEach((c, i) => { if (TARGET.includes(c)) all.push(i); });
  const rand = lab.explain.seededRandom(seed);
  const order = lab.data.shuffled(all, rand);
  const count = new Map<number, number>();
  const train = order.filter((i) => { const c = fashion.labels[i]; count.set(c, (count.get(c) ?? 0) + 1); return count.get(c)! <= 50; });
  const inTrain = new Set(train);
  const rest = order.filter((i) => !inTrain.has(i));
  const images = (idx: number[]) => { const x = new Float32Array(idx.length * 784); idx.forEach((src, k) => x.set(fashion.images.subarray(src * 784, (src + 1) * 784), k * 784)); return x; };
  const labels = (idx: number[]) => idx.map((i) => TARGET.indexOf(fashion.labels[i]));
  const shiftDown = (x: Float32Array, rows: number) => {
    const out = new Float32Array(x.length);
    for (let k = 0; k < x.length / 784; k++) for (let r = rows; r < 28; r++) out.set(x.subarray(k * 784 + (r - rows) * 28, k * 784 + (r - rows) * 28 + 28), k * 784 + r * 28);
    return out;
  };
  const shift = 3 + Math.floor(rand() * 2);
  const harmful = Math.floor(rand() * 5);
  const darker = (harmful + 1 + Math.floor(rand() * 4)) % 5;
  const batchIdx = [0, 1, 2, 3, 4].map((b) => rest.slice(200 * b, 200 * b + 200));
  const batches = batchIdx.map((idx, b) => {
    const x = images(idx);
    return b === harmful ? shiftDown(x, shift) : b === darker ? x.map((v) => v * 0.6) : x;
  });
  const test = rest.slice(1000, 1400);
  const testImages = images(test);
  const task = {
    trainImages: images(train), trainLabels: labels(train), batches, sampleLabels: batchIdx.map((idx) => labels(idx.slice(0, 50))),
    harmful, darker, shift,
    bothCameras: Float32Array.from([...testImages, ...shiftDown(testImages, shift)]), testLabels: labels(test),
  };
  cameraTasks.set(seed, task);
  return task;
}
export const cameraTasks = new Map<number, any>();

/** Bars of exercise 8.6: accuracy ≥ 0.85 on the clean half and on the shifted half. */
export function assertBothCameras(predicted: number[], task: { testLabels: number[] }) {
  const n = task.testLabels.length;
  assert.ok(Array.isArray(predicted) && predicted.length === 2 * n, `expected ${2 * n} predicted classes (one per test image), got ${Array.isArray(predicted) ? predicted.length : typeof predicted}`);
  const accuracy = (offset: number) => task.testLabels.filter((y, i) => predicted[offset + i] === y).length / n;
  assert.ok(accuracy(0) >= 0.85, `accuracy ${accuracy(0).toFixed(3)} on unseen images from the old camera: the bar is 0.85`);
  assert.ok(accuracy(n) >= 0.85, `accuracy ${accuracy(n).toFixed(3)} on unseen images from the remounted camera: the bar is 0.85`);
}
