/**
 * Adam's update for wasm as ONE kernel per variable: tfjs runs ~10 element-wise kernels per
 * variable per step (each a JS→wasm call, an allocation and engine bookkeeping); here one pass
 * over the wasm heap computes the new weights and both moments, with tf.train.adam's formula.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelConfig, TensorInfo, util } from "@tensorflow/tfjs-core";
import { WasmBackend } from "./kernelCall";
import { heapAddress, simdKernels } from "./simd";

export const ADAM_KERNEL = "TrainlabAdamUpdate";

export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_KERNEL,
  backendName: "wasm",
  kernelFunc: ({ inputs, backend: be, attrs }) => {
    const backend = be as unknown as WasmBackend;
    const { value, gradient, m, v } = inputs as Record<string, TensorInfo>;
    const { lr, beta1, beta2, epsilon, biasCorrection1, biasCorrection2 } = attrs as Record<string, number>;
    const outW = backend.makeOutput(value.shape, "float32");
    const outM = backend.makeOutput(value.shape, "float32");
    const outV = backend.makeOutput(value.shape, "float32");
    // Views after makeOutput: allocating may grow (and so move) the heap.
    const W = backend.typedArrayFromHeap(value) as Float32Array;
    const G = backend.typedArrayFromHeap(gradient) as Float32Array;
    const M = backend.typedArrayFromHeap(m) as Float32Array;
    const V = backend.typedArrayFromHeap(v) as Float32Array;
    const W2 = backend.typedArrayFromHeap(outW) as Float32Array;
    const M2 = backend.typedArrayFromHeap(outM) as Float32Array;
    const V2 = backend.typedArrayFromHeap(outV) as Float32Array;
    const n = util.sizeFromShape(value.shape);
    const b1 = 1 - beta1;
    const b2 = 1 - beta2;
    const step = -lr / biasCorrection1;
    const c2 = 1 / biasCorrection2;
    // Whole vectors of four in SIMD (float32 arithmetic, like the cpu backend's kernels), the rest here.
    const kernels = simdKernels(backend);
    const vectorised = kernels == null ? 0 : n - (n % 4);
    if (kernels != null && vectorised > 0) {
      const at = (info: TensorInfo) => heapAddress(backend, info);
      kernels.adam(at(value), at(gradient), at(m), at(v), at(outW), at(outM), at(outV), vectorised,
        beta1, b1, beta2, b2, step, c2, epsilon);
    }
    for (let i = vectorised; i < n; i++) {
      const g = G[i];
      const mi = M[i] * beta1 + g * b1;
      const vi = V[i] * beta2 + g * g * b2;
      M2[i] = mi;
      V2[i] = vi;
      W2[i] = W[i] + (step * mi) / (Math.sqrt(vi * c2) + epsilon);
    }
    return [outW, outM, outV];
  },
};

/** The fields of tfjs' AdamOptimizer the fused update reads (private in its typings). */
interface AdamInternals {
  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void;
  learningRate: number; beta1: number; beta2: number; epsilon: number;
  accBeta1: tf.Variable; accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

const ORIGINAL = Symbol.for("trainlab.adamOriginal");

/** Routes tf.train.adam's update through the fused kernel while the backend is wasm. Idempotent. */
export function patchAdam(enable = true): boolean {
  const proto = tf.AdamOptimizer.prototype as unknown as AdamInternals & { [ORIGINAL]?: AdamInternals["applyGradients"] };
  if (!enable) {
    if (proto[ORIGINAL]) { proto.applyGradients = proto[ORIGINAL]!; delete proto[ORIGINAL]; }
    return false;
  }
  if (proto[ORIGINAL]) return false;
  const original = proto.applyGradients;
  proto[ORIGINAL] = original;
  proto.applyGradients = function (this: AdamInternals, variableGradients) {
    if (tf.getBackend() !== "wasm") return original.call(this, variableGradients);
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const registered = tf.engine().registeredVariables;
    if (names.some((name) => registered[name]?.dtype !== "float32")) return original.call(this, variableGradients);
    const c1 = 1 - this.accBeta1.dataSync()[0];
    const c2 = 1 - this.accBeta2.dataSync()[0];
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = registered[name];
        this.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        this.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
        if (gradient == null) return;
        const m = this.accumulatedFirstMoment[i].variable;
        const v = this.accumulatedSecondMoment[i].variable;
        const [w2, m2, v2] = tf.engine().runKernel(ADAM_KERNEL, { value, gradient, m, v }, {
          lr: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
          biasCorrection1: c1, biasCorrection2: c2,
        }) as tf.Tensor[];
        m.assign(m2);
        v.assign(v2);
        value.assign(w2);
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    this.incrementIterations();
  };
  return true;
}
