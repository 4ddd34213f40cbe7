/**
 * wasm's MatMul with a transposed operand is ~10× slower than transposing first (the gradient
 * of every Dense layer asks for one): wrap the stock kernels so they transpose, then multiply.
 */
import { KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import { free, transpose, WasmBackend, wrapStock } from "./kernelCall";

/** Wraps a stock (Batch|_Fused)MatMul kernel config; keeps its setupFunc. */
export function withPhysicalTranspose(stock: KernelConfig): KernelConfig {
  return wrapStock(stock, (args) => {
    const attrs = (args.attrs ?? {}) as NamedAttrMap & { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return stock.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackend;
    const inputs = { ...(args.inputs as Record<string, TensorInfo>) };
    const temps: TensorInfo[] = [];
    if (attrs.transposeA) {
      inputs.a = transpose(backend, inputs.a, lastTwoSwapped(inputs.a.shape.length));
      temps.push(inputs.a);
    }
    if (attrs.transposeB) {
      inputs.b = transpose(backend, inputs.b, lastTwoSwapped(inputs.b.shape.length));
      temps.push(inputs.b);
    }
    const out = stock.kernelFunc({
      ...args, inputs, attrs: { ...attrs, transposeA: false, transposeB: false },
    }) as TensorInfo;
    free(backend, ...temps);
    return out;
  });
}

function lastTwoSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}
