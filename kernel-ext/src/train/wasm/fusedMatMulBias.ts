/**
 * tfjs 4.22's wasm _FusedMatMul adds the bias wrongly when there is more than one matrix in
 * the batch (rank-3 `tf.fused.matMul` with a bias: outputs off by up to ~1 here, silently).
 * For that case multiply with the stock kernel, then add the bias and apply the activation
 * with wasm's own kernels. tfjs-layers' Dense reshapes to 2-D first and never hits it.
 */
import { KernelConfig, NamedAttrMap, TensorInfo, util } from "@tensorflow/tfjs-core";
import { callKernel, free, WasmBackend, wrapStock } from "./kernelCall";

const ACTIVATION_KERNEL: Record<string, string> = {
  relu: "Relu", relu6: "Relu6", elu: "Elu", sigmoid: "Sigmoid", leakyrelu: "LeakyRelu", prelu: "Prelu",
};

/** Wraps the stock wasm _FusedMatMul so that batched products with a bias are right. */
export function batchedBias(stock: KernelConfig): KernelConfig {
  return wrapStock(stock, (args) => {
    const inputs = args.inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const attrs = (args.attrs ?? {}) as NamedAttrMap & { activation?: string; leakyreluAlpha?: number };
    const batch = Math.max(
      util.sizeFromShape(inputs.a.shape.slice(0, -2)), util.sizeFromShape(inputs.b.shape.slice(0, -2)));
    if (inputs.bias == null || batch <= 1) return stock.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackend;
    const product = stock.kernelFunc({
      ...args, inputs: { a: inputs.a, b: inputs.b }, attrs: { ...attrs, activation: "linear" },
    }) as TensorInfo;
    const biased = callKernel("Add", backend, { a: product, b: inputs.bias });
    free(backend, product);
    const activation = attrs.activation ?? "linear";
    if (activation === "linear") return biased;
    const kernel = ACTIVATION_KERNEL[activation];
    if (kernel == null) throw new Error(`_FusedMatMul: unknown activation "${activation}"`);
    const out = activation === "prelu"
      ? callKernel(kernel, backend, { x: biased, alpha: inputs.preluActivationWeights as TensorInfo })
      : callKernel(kernel, backend, { x: biased }, activation === "leakyrelu" ? { alpha: attrs.leakyreluAlpha ?? 0.2 } : {});
    free(backend, biased);
    return out;
  });
}
