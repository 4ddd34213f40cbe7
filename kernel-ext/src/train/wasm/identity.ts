/**
 * Identity for wasm that shares the input's memory (reference-counted), as the cpu backend
 * does, instead of copying it: tfjs-layers and the optimizers clone every weight several
 * times per step (~36 copies per batch of the reference CNN, ~5 % of its kernel time).
 * Safe because no wasm kernel writes into its inputs (Reshape already shares memory this way).
 */
import { KernelConfig, TensorInfo } from "@tensorflow/tfjs-core";
import { WasmBackend, wrapStock } from "./kernelCall";

export function sharedIdentity(stock: KernelConfig): KernelConfig {
  return wrapStock(stock, (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === "string") return stock.kernelFunc(args);
    (args.backend as unknown as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
