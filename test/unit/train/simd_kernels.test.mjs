// The hand-written SIMD loops (kernel-ext/src/train/wasm/simd.ts) behind wasm's Sum over
// leading axes, row-vector Add, 2×2 MaxPoolGrad and fused Adam update: each against the cpu
// backend (Adam: against tf.train.adam's formula in float64) on the reference CNN/MLP shapes
// and on odd ones, with the JavaScript fallbacks' shapes (rows not a multiple of 4) alongside.
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { initWasm, pattern, sameOnCpuAndWasm, tf } from "./helpers.mjs";

const { simdKernels, moduleBytes } = createRequire(import.meta.url)("../../../kernel-ext/dist/train/wasm/simd.js");

describe("train: wasm SIMD loops match cpu", function () {
  this.timeout(60_000);
  before(initWasm);

  it("assemble into valid modules (plain and shared memory) and load on the wasm heap", async () => {
    assert.ok(WebAssembly.validate(moduleBytes(false)) && WebAssembly.validate(moduleBytes(true)));
    await tf.setBackend("wasm");
    assert.ok(simdKernels(tf.backend()) != null, "the SIMD loops run on this backend (else every test below tests the fallback)");
  });

  for (const [shape, axes, keepDims] of [
    [[64, 26, 26, 16], [0, 1, 2], false], // the reference CNN's first bias gradient
    [[64, 11, 11, 32], [0, 1, 2], false],
    [[64, 128], [0], false], // the MLP's
    [[67, 12], 0, true],
    [[3, 40, 4], [0, 1], false],
    [[90, 6], [0], false], // 6 columns: the JavaScript loop
  ]) {
    it(`Sum of ${shape} over axes ${axes}${keepDims ? " (keepDims)" : ""}`, async () => {
      await sameOnCpuAndWasm((x) => tf.sum(x, axes, keepDims), [[shape]]);
    });
  }

  it("Sum over 300,000 rows stays within 3e-5 (float32 blocks of 1,024 rows, added in float64)", async () => {
    // 0.1 is not exact in float32: one float32 running sum of 300,000 of them ends 0.27 % low.
    const rows = 300_000;
    await tf.setBackend("wasm");
    const got = tf.tidy(() => tf.sum(tf.fill([rows, 4], 0.1), 0).dataSync());
    const exact = rows * Math.fround(0.1);
    for (const v of got) assert.ok(Math.abs(v - exact) <= 3e-5 * exact, `${v} vs ${exact}`);
  });

  for (const [a, b] of [
    [[64, 26, 26, 16], [16]], [[64, 11, 11, 32], [32]], [[64, 128], [128]],
    [[12], [33, 9, 12]], // vector first
    [[300, 6], [6]], // 6 columns: the stock kernel
  ]) {
    it(`Add ${a} + ${b} and its gradient`, async () => {
      await sameOnCpuAndWasm((x, y) => tf.add(x, y), [[a], [b]]);
      await sameOnCpuAndWasm((x, y) => tf.grads((p, q) => tf.add(p, q).square().sum())([x, y]), [[a], [b]]);
    });
  }

  // Values rounded to halves make ties in most windows; relu adds all-zero windows.
  const tied = (shape, phase) => pattern(shape, phase).map((v) => Math.round(v * 2) / 2);
  for (const shape of [[64, 26, 26, 16], [64, 11, 11, 32], [3, 7, 9, 4], [2, 6, 6, 8], [2, 6, 6, 3]]) {
    it(`MaxPoolGrad 2×2 stride 2, x ${shape} (ties included)`, async () => {
      await sameOnCpuAndWasm((x) => tf.grad((v) => tf.maxPool(tf.relu(v), 2, 2, "valid").square().sum())(x),
        [[shape, "float32", tied(shape, 1)]]);
    });
  }

  it("MaxPoolGrad 2×2: -Infinity and NaN never take the gradient, a window of them sends none", async () => {
    const x = new Float32Array(2 * 4 * 4 * 4).map((_, i) => [NaN, -Infinity, 1, -2, NaN, 0.5][i % 6]);
    for (let c = 0; c < 4; c++) { x[c] = -Infinity; x[4 + c] = NaN; x[16 + c] = -Infinity; x[20 + c] = NaN; }
    const dy = pattern([2, 2, 2, 4], 3);
    await sameOnCpuAndWasm((input, g) => tf.engine().runKernel("MaxPoolGrad",
      { dy: g, input, output: tf.maxPool(input, 2, 2, "valid") }, { filterSize: 2, strides: 2, pad: "valid" }),
    [[[2, 4, 4, 4], "float32", x], [[2, 2, 2, 4], "float32", dy]]);
  });

  // In-place matMul (gemm tiles of up to 2 rows × 16 columns, driven inside the module): full and
  // partial tiles in both directions, rank 3, A transposed (a Dense layer's weight gradient xᵀ·dy),
  // and the shapes that stay with XNNPACK (n not a multiple of 4, a batch, B transposed).
  for (const [a, b, ta, tb] of [
    [[64, 784], [784, 128]], // the reference MLP's forward product
    [[64, 784], [64, 128], true], // its weight gradient xᵀ·dy
    [[64, 128], [64, 12], true], [[9, 7], [9, 20], true], [[1, 5], [1, 4], true], [[1, 3, 5], [1, 3, 8], true], [[2, 3, 5], [2, 3, 8], true],
    [[7, 20], [20, 20]], [[1, 2, 9], [1, 9, 4]], [[5, 33], [33, 12]], [[3, 8], [8, 28]], [[1, 3], [3, 4]],
    [[784, 64], [64, 128]], [[6, 10], [10, 6]], [[2, 4, 6], [2, 6, 8]], [[8, 6], [8, 12], true],
    [[5, 6], [12, 6], false, true], [[6, 5], [12, 6], true, true],
  ]) {
    it(`matMul ${a} × ${b}${ta ? " (a transposed)" : ""}${tb ? " (b transposed)" : ""} and its gradients`, async () => {
      await sameOnCpuAndWasm((x, y) => tf.matMul(x, y, ta, tb), [[a], [b]]);
      await sameOnCpuAndWasm((x, y) => tf.grads((p, q) => tf.matMul(p, q, ta, tb).square().sum())([x, y]), [[a], [b]]);
    });
  }

  // The in-place filter gradient (co a multiple of 4): the reference CNN's two layers (fewer
  // images than its batch of 64: the cpu reference takes seconds per image), then padding,
  // strides, odd rows (kh·kw·ci) and partial tiles through tf.grads.
  for (const [xShape, dyShape, filterShape] of [
    [[16, 28, 28, 1], [16, 26, 26, 16], [3, 3, 1, 16]],
    [[6, 13, 13, 16], [6, 11, 11, 32], [3, 3, 16, 32]],
  ]) {
    it(`Conv2DBackpropFilter in place, x ${xShape} dy ${dyShape}`, async () => {
      await sameOnCpuAndWasm((x, dy) => tf.engine().runKernel("Conv2DBackpropFilter", { x, dy },
        { strides: [1, 1], pad: "valid", dataFormat: "NHWC", filterShape }), [[xShape], [dyShape]]);
    });
  }
  for (const [xShape, fShape, strides, pad] of [
    [[2, 9, 8, 3], [3, 3, 3, 12], 2, "same"],
    [[3, 7, 9, 5], [2, 3, 5, 20], [1, 2], "same"],
    [[2, 8, 7, 2], [3, 2, 2, 8], [2, 3], [[0, 0], [1, 2], [0, 1], [0, 0]]],
    [[1, 6, 6, 7], [1, 1, 7, 4], 1, "valid"],
    [[2, 5, 5, 3], [5, 5, 3, 4], 3, "same"],
  ]) {
    it(`Conv2DBackpropFilter in place, x ${xShape} filter ${fShape} strides ${strides} pad ${JSON.stringify(pad)}`, async () => {
      await sameOnCpuAndWasm((x, w) => tf.grads((a, b) => tf.conv2d(a, b, strides, pad).square().sum())([x, w]),
        [[xShape], [fShape]]);
    });
  }

  // Conv2D in place (implicit GEMM; stride 1, output channels a multiple of 16): the reference
  // CNN's layers, "same" and explicit padding, 1×1, odd sizes and channels, and through tf.grads
  // its input gradient (Conv2DBackpropInput runs a Conv2D on padded dy with 16 or 32 channels).
  for (const [xShape, fShape, pad] of [
    [[8, 28, 28, 1], [3, 3, 1, 16], "valid"],
    [[6, 13, 13, 16], [3, 3, 16, 32], "valid"],
    [[2, 9, 7, 3], [3, 3, 3, 16], "same"],
    [[3, 5, 6, 5], [2, 3, 5, 32], [[0, 0], [1, 0], [2, 1], [0, 0]]],
    [[2, 6, 5, 7], [1, 1, 7, 16], "valid"],
    [[1, 4, 4, 16], [4, 4, 16, 48], "valid"],
    [[2, 3, 3, 2], [5, 5, 2, 16], "same"],
  ]) {
    it(`Conv2D in place, x ${xShape} filter ${fShape} pad ${JSON.stringify(pad)}, and its gradients`, async () => {
      await sameOnCpuAndWasm((x, w) => tf.conv2d(x, w, 1, pad), [[xShape], [fShape]]);
      await sameOnCpuAndWasm((x, w) => tf.grads((a, b) => tf.conv2d(a, b, 1, pad).square().sum())([x, w]),
        [[xShape], [fShape]]);
    });
  }

  for (const shape of [[784, 128], [128], [5, 3], [2]]) {
    it(`Adam update of a ${shape} variable equals tf.train.adam's formula`, async () => {
      await tf.setBackend("wasm");
      const attrs = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, biasCorrection1: 1 - 0.9 ** 3, biasCorrection2: 1 - 0.999 ** 3 };
      const inputs = ["value", "gradient", "m", "v"].map((_, k) => pattern(shape, k + 1).map((x) => (k === 3 ? x * x : x)));
      const before = tf.memory().numTensors;
      const got = tf.tidy(() => {
        const [value, gradient, m, v] = inputs.map((values) => tf.tensor(values, shape));
        return tf.engine().runKernel("TrainlabAdamUpdate", { value, gradient, m, v }, attrs).map((t) => t.dataSync());
      });
      assert.equal(tf.memory().numTensors, before, "no tensors leaked");
      const [w, g, m, v] = inputs;
      for (let i = 0; i < w.length; i++) {
        const m2 = attrs.beta1 * m[i] + (1 - attrs.beta1) * g[i];
        const v2 = attrs.beta2 * v[i] + (1 - attrs.beta2) * g[i] * g[i];
        const w2 = w[i] - (attrs.lr / attrs.biasCorrection1) * m2 / (Math.sqrt(v2 / attrs.biasCorrection2) + attrs.epsilon);
        for (const [k, e] of [[0, w2], [1, m2], [2, v2]]) {
          assert.ok(Math.abs(got[k][i] - e) <= 1e-5 * (1 + Math.abs(e)), `output ${k}[${i}]: ${got[k][i]} vs ${e}`);
        }
      }
    });
  }
});
