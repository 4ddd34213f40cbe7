/**
 * Cast for wasm. Same dtype: share the memory (as the cpu backend does) — the stock kernel
 * copies every time, and each ReLU gradient casts its float32 input to float32 (a full copy of
 * the activations per layer per step). To bool: x ≠ 0 — the stock kernel stores the number
 * into a byte, so -2.2 became 254 and 256 became false.
 */
import { KernelConfig, TensorInfo } from "@tensorflow/tfjs-core";
import { WasmBackend, wrapStock } from "./kernelCall";

export function fixedCast(stock: KernelConfig): KernelConfig {
  return wrapStock(stock, (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const dtype = args.attrs?.dtype;
    if (x.dtype === "string" || x.dtype === "complex64") return stock.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackend;
    if (dtype === x.dtype) {
      backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    }
    if (dtype === "bool") {
      const out = backend.makeOutput(x.shape, "bool");
      const src = backend.typedArrayFromHeap(x);
      const dst = backend.typedArrayFromHeap(out);
      for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
      return out;
    }
    return stock.kernelFunc(args);
  });
}
