// Stock tfjs 4.22 wasm convolutions with "same" padding are silently wrong (often zeros) when a
// stride exceeds the kernel in one dimension; Trainlab spells the padding out. Checked vs cpu.
import assert from "node:assert/strict";
import { initWasm, sameOnCpuAndWasm, tf } from "./helpers.mjs";

// [input shape, kernel height, kernel width, strides]: each of these was wrong on stock wasm.
const cases = [
  [[2, 7, 8, 2], 2, 1, [1, 2]],
  [[1, 7, 8, 2], 1, 3, [4, 1]],
  [[2, 9, 8, 3], 1, 3, [3, 2]],
  [[1, 8, 8, 2], 2, 1, [2, 2]],
  [[2, 7, 8, 2], 3, 1, [3, 2]],
];

describe("train: wasm convolutions with 'same' padding and strides larger than the kernel", function () {
  before(initWasm);

  for (const [xShape, kh, kw, strides] of cases) {
    const ci = xShape[3];
    it(`conv2d and its gradients, x ${xShape} kernel ${kh}x${kw} strides ${strides}`, async () => {
      await sameOnCpuAndWasm((x, w) => {
        const f = (a, b) => tf.conv2d(a, b, strides, "same").square().sum();
        return [tf.conv2d(x, w, strides, "same"), ...tf.grads(f)([x, w])];
      }, [[xShape], [[kh, kw, ci, 3]]]);
    });

    it(`fused conv2d (bias, relu) and depthwise conv2d, x ${xShape} kernel ${kh}x${kw} strides ${strides}`, async () => {
      await sameOnCpuAndWasm((x, w, d, bias) => [
        tf.fused.conv2d({ x, filter: w, strides, pad: "same", bias, activation: "relu" }),
        // depthwise needs equal strides in tfjs: use the larger one on both axes
        tf.depthwiseConv2d(x, d, Math.max(...strides), "same"),
        ...tf.grads((a, b) => tf.depthwiseConv2d(a, b, Math.max(...strides), "same").square().sum())([x, d]),
      ], [[xShape], [[kh, kw, ci, 3]], [[kh, kw, ci, 2]], [[3]]]);
    });
  }

  it("a layers model with such a conv trains to the same loss on wasm as on cpu", async () => {
    const losses = {};
    for (const backend of ["cpu", "wasm"]) {
      await tf.setBackend(backend);
      const model = tf.sequential();
      model.add(tf.layers.conv2d({ inputShape: [7, 8, 2], filters: 3, kernelSize: [2, 1], strides: [1, 2],
        padding: "same", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
      model.add(tf.layers.flatten());
      model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
      model.compile({ optimizer: tf.train.sgd(0.05), loss: "meanSquaredError" });
      const x = tf.tidy(() => tf.sin(tf.range(0, 4 * 7 * 8 * 2)).reshape([4, 7, 8, 2]));
      const y = tf.tensor2d([[1], [-1], [0.5], [0]]);
      const h = await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      losses[backend] = h.history.loss;
      tf.dispose([x, y]);
      model.dispose();
    }
    await tf.setBackend("wasm");
    losses.cpu.forEach((l, i) => assert.ok(Math.abs(l - losses.wasm[i]) < 1e-4 * (1 + l), `epoch ${i}: wasm ${losses.wasm[i]} vs cpu ${l}`));
  });
});
