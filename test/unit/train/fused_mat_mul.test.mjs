// Stock tfjs 4.22 wasm adds a fused matMul's bias wrongly when the batch holds more than one
// matrix; Trainlab multiplies, then adds the bias and activates with wasm kernels. Checked vs cpu.
import { initWasm, sameOnCpuAndWasm, tf } from "./helpers.mjs";

describe("train: batched fused matMul with a bias on wasm", function () {
  before(initWasm);

  for (const activation of ["linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu", "prelu"]) {
    it(`[2,3,8] × [2,8,5] + bias, activation ${activation}, and its gradients`, async () => {
      await sameOnCpuAndWasm((a, b, bias, alpha) => {
        const f = (a, b) => tf.fused.matMul({ a, b, bias, activation, preluActivationWeights: activation === "prelu" ? alpha : undefined, leakyreluAlpha: 0.1 });
        return [f(a, b), ...tf.grads((a, b) => f(a, b).square().sum())([a, b])];
      }, [[[2, 3, 8]], [[2, 8, 5]], [[5]], [[5]]]);
    });
  }

  it("with transposed operands, a broadcast right-hand side and a [1, n] bias", async () => {
    await sameOnCpuAndWasm((a, b, bias) => [
      tf.fused.matMul({ a, b, transposeA: true, transposeB: true, bias, activation: "relu" }),
    ], [[[3, 6, 4]], [[1, 5, 6]], [[1, 5]]]);
  });
});
