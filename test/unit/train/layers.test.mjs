// The course's trainable layers train on patched wasm exactly as on cpu: same weights after
// a few adam steps of a model using every layer whose gradient needed a new wasm kernel.
import assert from "node:assert/strict";
import { initWasm, pattern, tf } from "./helpers.mjs";

function build() {
  const image = tf.input({ shape: [10, 10, 2] });
  let h = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: "same", activation: "relu" }).apply(image);
  h = tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: "same", depthMultiplier: 2 }).apply(h);
  h = tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: "same" }).apply(h);
  h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h);
  h = tf.layers.flatten().apply(h);
  const tokens = tf.input({ shape: [5] });
  let e = tf.layers.embedding({ inputDim: 9, outputDim: 4 }).apply(tokens);
  e = tf.layers.conv1d({ filters: 3, kernelSize: 2, strides: 2 }).apply(e);
  e = tf.layers.flatten().apply(e);
  const out = tf.layers.dense({ units: 3, activation: "softmax" }).apply(tf.layers.concatenate().apply([h, e]));
  const model = tf.model({ inputs: [image, tokens], outputs: out });
  // Same starting weights on both backends, without any RNG.
  const start = tf.tidy(() => model.getWeights().map((w, i) => tf.tensor(pattern(w.shape, i + 10), w.shape).mul(0.5)));
  model.setWeights(start);
  tf.dispose(start);
  model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
  return model;
}

async function trainOn(backend) {
  await tf.setBackend(backend);
  const model = build();
  const x = tf.tensor(pattern([8, 10, 10, 2], 1), [8, 10, 10, 2]);
  const ids = tf.tensor2d(Array.from({ length: 40 }, (_, i) => (i * 7) % 9), [8, 5]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 2, 1], "int32"), 3).toFloat());
  const losses = [];
  for (let i = 0; i < 3; i++) losses.push(await model.trainOnBatch([x, ids], y));
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  tf.dispose([x, ids, y]);
  model.optimizer.dispose(); // a user-made optimizer is not disposed with the model
  model.dispose();
  return { losses, weights };
}

describe("train: layers train on wasm as on cpu", function () {
  before(initWasm);

  it("conv2d, separableConv2d, conv2dTranspose, maxPooling2d, embedding, conv1d, dense", async () => {
    const cpu = await trainOn("cpu");
    const before = tf.memory().numTensors;
    const wasm = await trainOn("wasm");
    assert.equal(tf.memory().numTensors, before, "no tensors leaked on wasm");
    cpu.losses.forEach((l, i) => assert.ok(Math.abs(l - wasm.losses[i]) < 1e-4, `loss ${i}: wasm ${wasm.losses[i]} cpu ${l}`));
    cpu.weights.forEach((w, k) => w.forEach((v, i) =>
      assert.ok(Math.abs(v - wasm.weights[k][i]) < 1e-3 * (1 + Math.abs(v)), `weight ${k}[${i}]: wasm ${wasm.weights[k][i]} cpu ${v}`)));
  });
});

describe("train: fused Adam update on wasm", function () {
  before(initWasm);

  it("gives tf.train.adam's weights and moments (cpu, unfused) after several steps, without leaks", async () => {
    const run = async (backend) => {
      await tf.setBackend(backend);
      const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [12], units: 7, activation: "tanh" }), tf.layers.dense({ units: 3 })] });
      const start = tf.tidy(() => m.getWeights().map((w, i) => tf.tensor(pattern(w.shape, i + 3), w.shape)));
      m.setWeights(start);
      tf.dispose(start);
      m.compile({ optimizer: tf.train.adam(0.05, 0.8, 0.95), loss: "meanSquaredError" });
      const x = tf.tensor(pattern([16, 12], 1), [16, 12]);
      const y = tf.tensor(pattern([16, 3], 2), [16, 3]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await m.trainOnBatch(x, y);
      const kernels = (await tf.profile(() => m.trainOnBatch(x, y))).kernelNames;
      const afterFirst = tf.memory().numTensors;
      await m.trainOnBatch(x, y);
      assert.equal(tf.memory().numTensors, afterFirst, `${backend}: no tensors leaked per step`);
      assert.ok(afterFirst > before, "adam created its moment variables");
      const weights = m.getWeights().map((w) => Array.from(w.dataSync()));
      const moments = (await m.optimizer.getWeights()).map((w) => Array.from(w.tensor.dataSync()));
      tf.dispose([x, y]); m.optimizer.dispose(); m.dispose();
      return { weights, moments, kernels };
    };
    const cpu = await run("cpu");
    const wasm = await run("wasm");
    const close = (a, e, what) => assert.ok(Math.abs(a - e) <= 1e-4 * (1 + Math.abs(e)), `${what}: wasm ${a} cpu ${e}`);
    cpu.weights.forEach((w, k) => w.forEach((v, i) => close(wasm.weights[k][i], v, `weight ${k}[${i}]`)));
    cpu.moments.forEach((w, k) => w.forEach((v, i) => close(wasm.moments[k][i], v, `optimizer weight ${k}[${i}]`)));
    assert.ok(wasm.kernels.includes("TrainlabAdamUpdate"), "the fused kernel ran on wasm");
    assert.ok(!cpu.kernels.includes("TrainlabAdamUpdate"), "cpu keeps tfjs' own update");
  });
});
