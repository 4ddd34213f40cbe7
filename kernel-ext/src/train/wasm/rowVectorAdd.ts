/**
 * Add for wasm when one operand is a row vector over the other's last axis (every layer's
 * bias, added before its activation while training: tfjs fuses bias and activation only
 * outside gradients). The stock kernel broadcasts element by element (~0.9 ms for the
 * reference CNN's [64,26,26,16] + [16]); a SIMD loop over rows does it in ~0.1 ms.
 */
import { KernelConfig, TensorInfo, util } from "@tensorflow/tfjs-core";
import { WasmBackend, wrapStock } from "./kernelCall";
import { heapAddress, simdKernels } from "./simd";

/** Below this many elements the stock kernel's call is as cheap. */
const MIN_ELEMENTS = 1024;

/** Wraps the stock wasm Add; other shapes and dtypes go to it unchanged. */
export function rowVectorAdd(stock: KernelConfig): KernelConfig {
  return wrapStock(stock, (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const [full, row] = isRowOf(b, a) ? [a, b] : isRowOf(a, b) ? [b, a] : [null, null];
    if (full == null || row == null) return stock.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackend;
    const kernels = simdKernels(backend);
    if (kernels == null) return stock.kernelFunc(args);
    const cols = row.shape[0];
    const out = backend.makeOutput(full.shape, "float32");
    kernels.addRowVector(heapAddress(backend, full), heapAddress(backend, row), heapAddress(backend, out),
      util.sizeFromShape(full.shape) / cols, cols);
    return out;
  });
}

/** True when `row` is 1-D, as long as `full`'s last axis (a multiple of 4), both float32. */
function isRowOf(row: TensorInfo, full: TensorInfo): boolean {
  const cols = row.shape[0];
  return row.shape.length === 1 && full.shape.length >= 2 && full.shape[full.shape.length - 1] === cols &&
    cols % 4 === 0 && row.dtype === "float32" && full.dtype === "float32" &&
    util.sizeFromShape(full.shape) >= MIN_ELEMENTS;
}
