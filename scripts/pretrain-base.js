#!/usr/bin/env node
// Pre-trains the project's base model (chapter 7) on Fashion-MNIST classes 0–4 and writes
// models/fashion-base/{model.json,weights.bin,metadata.json}. Runs once, offline, on single-threaded
// `wasm` (deterministic with a fixed seed; about 10 s of CPU time); its output is committed.
//   apt-get install -y dataset-fashion-mnist
//   npx tsc -p kernel-ext && node scripts/pretrain-base.js [--per-class 6000] [--epochs 1] [--shift 2] [--seed 42] [--backend wasm] [--out DIR]
// With the defaults it reproduces models/fashion-base/weights.bin bit for bit (same sha256).
// The training split has 6,000 images per class, so the default --per-class takes all 30,000.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const tf = require("@tensorflow/tfjs");
const lab = require("../kernel-ext/dist/index.js");
const { seededRandom, shuffleInPlace } = require("../kernel-ext/dist/random.js");

const SRC = process.env.FASHION_MNIST_DIR || "/usr/share/datasets/fashion-mnist";
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const PER_CLASS = arg("per-class", 6000);
const EPOCHS = arg("epochs", 1);
const SHIFT = arg("shift", 2);
const SEED = arg("seed", 42);
const backendArg = process.argv.indexOf("--backend");
const BACKEND = backendArg >= 0 ? process.argv[backendArg + 1] : "wasm";
const outArg = process.argv.indexOf("--out");
const OUT = outArg >= 0 ? path.resolve(process.argv[outArg + 1]) : path.resolve(__dirname, "../models/fashion-base");
const CLASSES = [0, 1, 2, 3, 4];

function readIdx(file) {
  const buf = zlib.gunzipSync(fs.readFileSync(file));
  const dims = buf[3];
  const shape = [];
  for (let i = 0; i < dims; i++) shape.push(buf.readUInt32BE(4 + 4 * i));
  return { shape, data: buf.subarray(4 + 4 * dims) };
}


/** The first `perClass` images of each class in CLASSES, as [n,28,28,1] floats in [0,1]. */
function subset(images, labels, perClass) {
  const counts = new Map(CLASSES.map((c) => [c, 0]));
  const idx = [];
  for (let i = 0; i < labels.data.length; i++) {
    const c = labels.data[i];
    if (counts.has(c) && counts.get(c) < perClass) {
      counts.set(c, counts.get(c) + 1);
      idx.push(i);
    }
  }
  const x = new Float32Array(idx.length * 784);
  const y = new Int32Array(idx.length);
  idx.forEach((src, k) => {
    for (let p = 0; p < 784; p++) x[k * 784 + p] = images.data[src * 784 + p] / 255;
    y[k] = CLASSES.indexOf(labels.data[src]);
  });
  return { x, y, n: idx.length };
}

/**
 * Copies image `src` of `from` into slot `k` of `to`, moved by a random whole-pixel offset of at
 * most `shift` in x and y (pixels moved in from outside are 0, the background): augmentation that
 * keeps the features from depending on exact positions. Draws two numbers from `rand` per image.
 */
function shiftInto(to, k, from, src, shift, rand) {
  if (!(shift > 0)) {
    to.set(from.subarray(src * 784, src * 784 + 784), k * 784);
    return;
  }
  const dx = Math.floor(rand() * (2 * shift + 1)) - shift;
  const dy = Math.floor(rand() * (2 * shift + 1)) - shift;
  for (let r = 0; r < 28; r++) {
    const sr = r - dy;
    if (sr < 0 || sr > 27) continue;
    for (let c = 0; c < 28; c++) {
      const sc = c - dx;
      if (sc >= 0 && sc <= 27) to[k * 784 + r * 28 + c] = from[src * 784 + sr * 28 + sc];
    }
  }
}

async function main() {
  // TRAINLAB_WASM_THREADS unset = one thread: a fixed summation order, so the same bits every run.
  const backend = await lab.useBestBackend({ force: BACKEND });
  if (backend.name === "cpu") lab.transfer.useFastConvGrad(); // the stock cpu filter-gradient kernel is ~6x slower
  const trainImages = readIdx(path.join(SRC, "train-images-idx3-ubyte.gz"));
  const trainLabels = readIdx(path.join(SRC, "train-labels-idx1-ubyte.gz"));
  const testImages = readIdx(path.join(SRC, "t10k-images-idx3-ubyte.gz"));
  const testLabels = readIdx(path.join(SRC, "t10k-labels-idx1-ubyte.gz"));
  const train = subset(trainImages, trainLabels, PER_CLASS);
  const test = subset(testImages, testLabels, 200);
  const rand = seededRandom(SEED);

  const model = lab.transfer.createSmallCnn(CLASSES.length, { seed: SEED });
  model.compile({ optimizer: tf.train.adam(0.002), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const xTest = tf.tensor4d(test.x, [test.n, 28, 28, 1]);
  const yTest = tf.tensor1d(test.y, "float32");
  const t0 = Date.now();
  let testAccuracy = NaN;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    // Our own seeded shuffle: tfjs's fit(shuffle: true) uses Math.random and is not reproducible.
    const order = shuffleInPlace(Array.from({ length: train.n }, (_, i) => i), rand);
    const xs = new Float32Array(train.n * 784);
    const ys = new Float32Array(train.n);
    order.forEach((src, k) => {
      shiftInto(xs, k, train.x, src, SHIFT, rand);
      ys[k] = train.y[src];
    });
    const x = tf.tensor4d(xs, [train.n, 28, 28, 1]);
    const y = tf.tensor1d(ys);
    const h = await lab.train.fit(model, x, y, { epochs: 1, batchSize: 32, shuffle: false, display: "none" });
    x.dispose();
    y.dispose();
    const [, acc] = model.evaluate(xTest, yTest);
    testAccuracy = (await acc.data())[0];
    console.log(`epoch ${epoch + 1}/${EPOCHS}: loss ${h.history.loss[0].toFixed(4)}, test accuracy ${testAccuracy.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const card = {
    name: "fashion-base",
    description: "Small CNN pre-trained by Trainlab on Fashion-MNIST classes 0-4 (T-shirt/top, Trouser, Pullover, Dress, Coat).",
    inputs: [{ name: "image", shape: [28, 28, 1], dtype: "float32", range: [0, 1] }],
    outputs: [{ name: "head", shape: [CLASSES.length], labels: lab.transfer.BASE_CLASSES }],
    metrics: { testAccuracy: Number(testAccuracy.toFixed(4)), testExamples: test.n },
    data: {
      source: "Fashion-MNIST (Debian dataset-fashion-mnist, MIT licence), training split",
      version: "fashion-mnist train-images-idx3-ubyte.gz sha256 " + require("node:crypto").createHash("sha256").update(fs.readFileSync(path.join(SRC, "train-images-idx3-ubyte.gz"))).digest("hex"),
      examples: train.n,
      classes: CLASSES,
    },
    training: {
      epochs: EPOCHS, batchSize: 32, optimizer: "adam(0.002)", seed: SEED,
      augmentation: SHIFT > 0 ? `random shifts of up to ${SHIFT} pixels in x and y (seeded)` : "none",
      backend: `${backend.name} (${backend.detail})`, seconds: Math.round((Date.now() - t0) / 1000),
    },
    createdBy: "scripts/pretrain-base.js",
  };
  const hash = await lab.transfer.saveModel(model, OUT, { metadata: { card } });
  console.log(`saved ${OUT} (weights sha256 ${hash})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
