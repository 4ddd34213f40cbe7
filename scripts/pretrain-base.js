#!/usr/bin/env node
// Pre-trains the project's base model (chapter 7) on Fashion-MNIST classes 0–4 and writes
// models/fashion-base/{model.json,weights.bin,metadata.json}. Runs once, offline, on pure-JS `cpu`
// (deterministic with a fixed seed); its output is committed.
//   apt-get install -y dataset-fashion-mnist
//   npx tsc -p kernel-ext && node scripts/pretrain-base.js [--per-class 1000] [--epochs 4] [--seed 42] [--out DIR]
// With the defaults it reproduces models/fashion-base/weights.bin bit for bit (same sha256).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const tf = require("@tensorflow/tfjs");
const lab = require("../kernel-ext/dist/index.js");
const { seededRandom, shuffleInPlace } = require("../kernel-ext/dist/core/random.js");

const SRC = process.env.FASHION_MNIST_DIR || "/usr/share/datasets/fashion-mnist";
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const PER_CLASS = arg("per-class", 1000);
const EPOCHS = arg("epochs", 4);
const SEED = arg("seed", 42);
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

async function main() {
  await tf.setBackend("cpu");
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
      xs.set(train.x.subarray(src * 784, src * 784 + 784), k * 784);
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
    training: { epochs: EPOCHS, batchSize: 32, optimizer: "adam(0.002)", seed: SEED, backend: tf.getBackend(), seconds: Math.round((Date.now() - t0) / 1000) },
    createdBy: "scripts/pretrain-base.js",
  };
  const hash = await lab.transfer.saveModel(model, OUT, { metadata: { card } });
  console.log(`saved ${OUT} (weights sha256 ${hash})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
