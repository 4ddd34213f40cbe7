// Every kernel Trainlab adds to (or replaces in) wasm, checked against the pure-JS cpu backend.
import assert from "node:assert/strict";
import { initWasm, pattern, sameOnCpuAndWasm, tf } from "./helpers.mjs";

const conv2dCases = [
  // [input shape, filter shape, strides, pad]
  [[2, 7, 7, 3], [3, 3, 3, 4], 1, "same"],
  [[2, 7, 7, 3], [3, 3, 3, 4], 1, "valid"],
  [[2, 7, 7, 3], [3, 3, 3, 4], 2, "same"],
  [[2, 7, 7, 3], [3, 3, 3, 4], 2, "valid"],
  [[1, 8, 6, 1], [2, 3, 1, 5], [2, 1], "same"],
  [[3, 9, 9, 2], [4, 4, 2, 3], 3, "valid"],
  [[2, 6, 6, 2], [3, 3, 2, 2], 1, [[0, 0], [1, 2], [2, 0], [0, 0]]],
];

describe("train: wasm training kernels match cpu", function () {
  before(initWasm);

  it("adds the missing gradient kernels and wraps the slow ones", () => {
    for (const name of ["Conv2DBackpropFilter", "UnsortedSegmentSum",
      "DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput"]) {
      assert.ok(tf.getKernel(name, "wasm"), `${name} registered on wasm`);
    }
  });

  for (const [xs, fs, strides, pad] of conv2dCases) {
    it(`conv2d gradients, x ${xs} filter ${fs} strides ${strides} pad ${JSON.stringify(pad)}`, async () => {
      await sameOnCpuAndWasm((x, f) => {
        const loss = (xv, fv) => tf.conv2d(xv, fv, strides, pad).square().sum();
        return tf.grads(loss)([x, f]);
      }, [[xs], [fs]]);
    });
  }

  it("Conv2DBackpropFilter called directly (stride 2, same)", async () => {
    await sameOnCpuAndWasm((x, dy) => tf.engine().runKernel("Conv2DBackpropFilter", { x, dy },
      { strides: [2, 2], pad: "same", dataFormat: "NHWC", filterShape: [3, 3, 3, 4] }),
    [[[2, 7, 7, 3]], [[2, 4, 4, 4]]]);
  });

  it("conv1d and conv2dTranspose gradients", async () => {
    await sameOnCpuAndWasm((x, f) => tf.grads((xv, fv) => tf.conv1d(xv, fv, 2, "same").sum())([x, f]),
      [[[2, 11, 3]], [[3, 3, 4]]]);
    await sameOnCpuAndWasm((x, f) => tf.grads((xv, fv) =>
      tf.conv2dTranspose(xv, fv, [2, 9, 9, 2], 2, "same").square().sum())([x, f]),
    [[[2, 5, 5, 3]], [[3, 3, 2, 3]]]);
  });

  for (const [xs, fs, strides, pad] of [
    [[2, 7, 7, 3], [3, 3, 3, 1], 1, "same"],
    [[2, 7, 7, 3], [3, 3, 3, 2], 2, "same"],
    [[2, 8, 7, 2], [3, 2, 2, 3], 2, "valid"],
    [[1, 9, 9, 4], [5, 5, 4, 1], 3, "valid"],
  ]) {
    it(`depthwiseConv2d gradients, x ${xs} filter ${fs} strides ${strides} pad ${pad}`, async () => {
      await sameOnCpuAndWasm((x, f) => tf.grads((xv, fv) =>
        tf.depthwiseConv2d(xv, fv, strides, pad).square().sum())([x, f]), [[xs], [fs]]);
    });
  }

  it("depthwise backprop kernels with dilation 2 equal the undilated ones on a zero-spread filter", async () => {
    // cpu's depthwise backprop ignores dilation, so the reference is the identity
    // conv(x, W, dilation 2) = conv(x, W spread with zeros to 5×5, dilation 1), computed on cpu.
    const run = (backend, dilation, filterShape, filterValues) => {
      const attrs = { strides: [1, 1], dilations: [dilation, dilation], pad: "same", filterShape, inputShape: [2, 8, 8, 2] };
      return tf.tidy(() => {
        const x = tf.tensor(pattern([2, 8, 8, 2], 1), [2, 8, 8, 2]);
        const dy = tf.tensor(pattern([2, 8, 8, 4], 2), [2, 8, 8, 4]);
        const f = tf.tensor(filterValues, filterShape);
        return [tf.engine().runKernel("DepthwiseConv2dNativeBackpropFilter", { x, dy }, attrs).arraySync(),
          tf.engine().runKernel("DepthwiseConv2dNativeBackpropInput", { dy, filter: f }, attrs).arraySync()];
      });
    };
    const small = pattern([3, 3, 2, 2], 3);
    const big = new Float32Array(5 * 5 * 2 * 2);
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let c = 0; c < 4; c++) {
      big[((ky * 2) * 5 + kx * 2) * 4 + c] = small[(ky * 3 + kx) * 4 + c];
    }
    await tf.setBackend("wasm");
    const before = tf.backend().numDataIds();
    const [dwWasm, dxWasm] = run("wasm", 2, [3, 3, 2, 2], small);
    assert.equal(tf.backend().numDataIds(), before, "wasm backend data leaked");
    await tf.setBackend("cpu");
    const [dwBig, dxCpu] = run("cpu", 1, [5, 5, 2, 2], big);
    await tf.setBackend("wasm");
    const close = (a, e, what) => assert.ok(Math.abs(a - e) <= 1e-4 * (1 + Math.abs(e)), `${what}: wasm ${a} vs ${e}`);
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let c = 0; c < 2; c++) for (let q = 0; q < 2; q++) {
      close(dwWasm[ky][kx][c][q], dwBig[ky * 2][kx * 2][c][q], `dW[${ky},${kx},${c},${q}]`);
    }
    dxWasm.flat(3).forEach((a, i) => close(a, dxCpu.flat(3)[i], `dx[${i}]`));
  });

  for (const [xs, size, strides, pad] of [
    [[2, 8, 8, 3], 2, 2, "valid"], [[2, 7, 7, 3], 3, 2, "same"], [[1, 6, 5, 2], 2, 1, "valid"],
    [[2, 9, 9, 1], [3, 2], [2, 3], "same"], [[1, 7, 5, 2], 2, 2, "valid"],
  ]) {
    it(`maxPool gradient, x ${xs} pool ${size} strides ${strides} pad ${pad} (ties included)`, async () => {
      // relu makes many windows all-zero: the gradient must go to the first maximum only.
      await sameOnCpuAndWasm((x) => tf.grad((xv) => tf.maxPool(tf.relu(xv), size, strides, pad).square().sum())(x),
        [[xs]]);
      await sameOnCpuAndWasm((x, dy) => tf.engine().runKernel("MaxPoolGrad", { dy, input: tf.relu(x), output: tf.maxPool(tf.relu(x), size, strides, pad) },
        { filterSize: size, strides, pad }), [[xs], [tf.tidy(() => tf.maxPool(tf.zeros(xs), size, strides, pad).shape)]]);
    });
  }

  it("separableConv2d gradients", async () => {
    await sameOnCpuAndWasm((x, d, p) => tf.grads((xv, dv, pv) =>
      tf.separableConv2d(xv, dv, pv, 1, "same").square().sum())([x, d, p]),
    [[[2, 6, 6, 3]], [[3, 3, 3, 2]], [[1, 1, 6, 4]]]);
  });

  it("unsortedSegmentSum adds rows with the same id, any trailing shape", async () => {
    const ids = [3, 0, 3, 1, 3, 0];
    await sameOnCpuAndWasm((x, s) => tf.unsortedSegmentSum(x, s, 5), [[[6, 4]], [[6], "int32", ids]]);
    await sameOnCpuAndWasm((x, s) => tf.unsortedSegmentSum(x, s, 4), [[[6, 2, 3]], [[6], "int32", ids]]);
    await sameOnCpuAndWasm((x, s) => tf.unsortedSegmentSum(x, s, 4), [[[6]], [[6], "int32", ids]]);
  });

  it("gradient of gather (a trainable embedding) with repeated 2-D ids", async () => {
    await sameOnCpuAndWasm((table, ids) => tf.grad((t) => tf.gather(t, ids).square().sum())(table),
      [[[7, 5]], [[3, 4], "int32", [1, 6, 1, 0, 2, 2, 2, 5, 6, 1, 0, 3]]]);
  });

  for (const [as, bs, ta, tb] of [
    [[5, 3], [5, 4], true, false], [[3, 5], [4, 5], false, true], [[5, 3], [4, 5], true, true],
    [[2, 5, 3], [2, 5, 4], true, false], [[2, 3, 5], [1, 4, 5], false, true], [[4, 3], [3, 2], false, false],
  ]) {
    it(`matMul ${as} × ${bs} transposeA=${ta} transposeB=${tb}`, async () => {
      await sameOnCpuAndWasm((a, b) => tf.matMul(a, b, ta, tb), [[as], [bs]]);
    });
  }

  it("fused matMul with a transposed operand, bias and relu", async () => {
    await sameOnCpuAndWasm((a, b, bias) => tf.fused.matMul({ a, b, transposeA: true, transposeB: true, bias, activation: "relu" }),
      [[[6, 3]], [[4, 6]], [[4]]]);
  });

  for (const [xs, axis, idx, dtype] of [
    [[10, 4], 0, [9, 0, 3, 3, 7], "float32"],
    [[10, 4, 3], 1, [3, 0, 1], "float32"],
    [[5, 6], 1, [5, 5, 0, 2], "int32"],
    [[8], 0, [7, 1, 1], "float32"],
    [[6, 3], 0, [[1, 2], [5, 0]], "float32"],
  ]) {
    it(`gather x ${xs} axis ${axis} indices ${JSON.stringify(idx)} ${dtype}`, async () => {
      const ids = idx.flat();
      const ishape = Array.isArray(idx[0]) ? [idx.length, idx[0].length] : [idx.length];
      const xvals = Array.from({ length: xs.reduce((a, b) => a * b, 1) }, (_, i) => i * 3 - 7);
      await sameOnCpuAndWasm((x, i) => tf.gather(x, i, axis), [[xs, dtype, xvals], [ishape, "int32", ids]]);
    });
  }

  it("gather with batchDims 1 falls back to the stock kernel and still matches", async () => {
    await sameOnCpuAndWasm((x, i) => tf.gather(x, i, 1, 1), [[[2, 5, 3]], [[2, 2], "int32", [4, 0, 1, 1]]]);
  });

  it("identity (clone) shares memory yet behaves as a copy, and frees it once both are gone", async () => {
    await tf.setBackend("wasm");
    const before = tf.backend().numDataIds();
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    const v = tf.variable(a);
    assert.equal(tf.backend().numDataIds(), before + 1, "one buffer for a, its clone and the variable");
    a.dispose();
    assert.deepEqual(Array.from(b.dataSync()), [1, 2, 3], "the clone outlives the original");
    const c = tf.tensor1d([7, 8, 9]);
    v.assign(c);
    c.dispose();
    assert.deepEqual(Array.from(b.dataSync()), [1, 2, 3], "assigning the variable leaves the clone alone");
    b.dispose();
    v.dispose();
    assert.equal(tf.backend().numDataIds(), before, "all memory freed");
  });

  it("sum over leading axes (bias gradients) via one matrix product, keepDims or not", async () => {
    await sameOnCpuAndWasm((x) => [tf.sum(x, [0, 1, 2]), tf.sum(x, [0, 1, 2], true), tf.sum(x, [0, 1]), tf.sum(x, 0)],
      [[[8, 12, 10, 6]]], { tol: 2e-4 });
    await sameOnCpuAndWasm((x) => [tf.sum(x, 0), tf.sum(x, [1]), tf.sum(x)], [[[700, 9]]], { tol: 2e-4 });
  });

  it("cast to the same dtype shares memory; to bool it is x ≠ 0 (stock wasm wrapped -2.2 to 254)", async () => {
    await sameOnCpuAndWasm((x) => [tf.cast(x, "float32"), tf.cast(x, "int32"), tf.cast(tf.cast(x, "bool"), "float32"),
      tf.cast(tf.cast(tf.cast(x, "int32"), "bool"), "int32")],
    [[[3, 4], "float32", [0, 1.7, -2.2, 3, 0, 0.5, -0.5, 9, 256, 2, -1, NaN]]]);
    await tf.setBackend("wasm");
    const before = tf.backend().numDataIds();
    const a = tf.tensor1d([1, 2]);
    const b = tf.cast(a, "float32");
    assert.equal(tf.backend().numDataIds(), before + 1, "no copy");
    a.dispose();
    assert.deepEqual(Array.from(b.dataSync()), [1, 2]);
    b.dispose();
    assert.equal(tf.backend().numDataIds(), before);
  });

  it("gather rejects an out-of-range index", async () => {
    const x = tf.ones([3, 2]);
    const i = tf.tensor1d([3], "int32");
    assert.throws(() => tf.gather(x, i), /index value 3 is not in \[0, 2\]/);
    tf.dispose([x, i]);
  });
});
