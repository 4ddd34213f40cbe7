// Gradients of the convolution and pooling ops on wasm vs cpu over many random (but seeded,
// so repeatable) shapes, strides and paddings: hand-picked cases missed a stock wasm bug
// ("same" padding with a stride larger than the kernel) that random shapes found.
import { initWasm, sameOnCpuAndWasm, tf } from "./helpers.mjs";

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ["conv2d", "depthwise", "separable", "conv1d", "conv2dTranspose", "maxPool", "avgPool"];

function randomCases(count, seed) {
  const g = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(g() * (hi - lo + 1));
  const cases = [];
  while (cases.length < count) {
    const kind = KINDS[cases.length % KINDS.length];
    const b = int(1, 2), h = int(3, 9), w = int(3, 9), ci = int(1, 4), co = int(1, 4), m = int(1, 2);
    const kh = int(1, Math.min(4, h)), kw = int(1, Math.min(4, w));
    const pad = g() < 0.5 ? "same" : "valid";
    const sh = int(1, 3), sw = kind === "depthwise" || kind === "separable" ? sh : int(1, 3);
    cases.push({ kind, b, h, w, ci, co, m, kh, kw, pad, strides: [sh, sw] });
  }
  return cases;
}

function gradients(c) {
  const { kind, b, h, w, ci, co, m, kh, kw, pad, strides } = c;
  const sq = (f) => (...args) => f(...args).square().sum();
  switch (kind) {
    case "conv2d": return {
      inputs: [[[b, h, w, ci]], [[kh, kw, ci, co]]], fn: (x, f) => tf.grads(sq((x, f) => tf.conv2d(x, f, strides, pad)))([x, f]) };
    case "depthwise": return {
      inputs: [[[b, h, w, ci]], [[kh, kw, ci, m]]], fn: (x, f) => tf.grads(sq((x, f) => tf.depthwiseConv2d(x, f, strides, pad)))([x, f]) };
    case "separable": return {
      inputs: [[[b, h, w, ci]], [[kh, kw, ci, m]], [[1, 1, ci * m, co]]],
      fn: (x, d, p) => tf.grads(sq((x, d, p) => tf.separableConv2d(x, d, p, strides, pad)))([x, d, p]) };
    case "conv1d": return {
      inputs: [[[b, h, ci]], [[kh, ci, co]]], fn: (x, f) => tf.grads(sq((x, f) => tf.conv1d(x, f, strides[0], pad)))([x, f]) };
    case "conv2dTranspose": {
      const out = [b, pad === "same" ? h * strides[0] : (h - 1) * strides[0] + kh,
        pad === "same" ? w * strides[1] : (w - 1) * strides[1] + kw, co];
      return { inputs: [[[b, h, w, ci]], [[kh, kw, co, ci]]],
        fn: (x, f) => tf.grads(sq((x, f) => tf.conv2dTranspose(x, f, out, strides, pad)))([x, f]) };
    }
    case "maxPool": return { inputs: [[[b, h, w, ci]]], fn: (x) => tf.grads(sq((x) => tf.maxPool(x, [kh, kw], strides, pad)))([x]) };
    default: return { inputs: [[[b, h, w, ci]]], fn: (x) => tf.grads(sq((x) => tf.avgPool(x, [kh, kw], strides, pad)))([x]) };
  }
}

describe("train: wasm gradients vs cpu on random shapes", function () {
  before(initWasm);

  for (const c of randomCases(70, 20261125)) {
    const { kind, b, h, w, ci, co, m, kh, kw, pad, strides } = c;
    it(`${kind} x [${b},${h},${w},${ci}] kernel ${kh}x${kw} co ${co} m ${m} strides ${strides} ${pad}`, async () => {
      const { inputs, fn } = gradients(c);
      await sameOnCpuAndWasm(fn, inputs);
    });
  }
});
