/**
 * Sum over the leading axes (the bias gradient of every conv and dense layer: dy summed over
 * batch and space) for wasm as one pass over the heap, channels innermost. The stock kernel
 * transposes the whole 4-D tensor first (~2.2 ms per call on the reference CNN, this ~1 ms).
 * (A matmul ones × x is no faster: XNNPACK repacks x, new every step, as its weights.)
 * When the row length is a multiple of 4, a SIMD loop does the pass (~0.15 ms where the
 * JavaScript loop took ~1.1 ms on the first layer's [64,26,26,16]).
 */
import { backend_util, KernelConfig, TensorInfo, util } from "@tensorflow/tfjs-core";
import { WasmBackend, wrapStock } from "./kernelCall";
import { heapAddress, simdKernels } from "./simd";

/** Rows one SIMD call sums in float32. */
const SIMD_BLOCK = 1024;

export function leadingAxesSum(stock: KernelConfig): KernelConfig {
  return wrapStock(stock, (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const rank = x.shape.length;
    const axes = util.parseAxisParam((args.attrs?.axis ?? []) as number | number[], x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    const n = util.sizeFromShape(x.shape.slice(0, axes.length));
    const c = util.sizeFromShape(x.shape.slice(axes.length));
    // Few rows: the stock kernel's transpose is cheap; few columns: its reduction is fast.
    if (!leading || x.dtype !== "float32" || n < 64 || c > 4096) return stock.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackend;
    const keepDims = Boolean(args.attrs?.keepDims);
    const outShape = keepDims ? backend_util.expandShapeToKeepDim(x.shape.slice(axes.length), axes) : x.shape.slice(axes.length);
    const out = backend.makeOutput(outShape, "float32");
    const kernels = c % 4 === 0 ? simdKernels(backend) : null;
    if (kernels != null) {
      // float32 sums of SIMD_BLOCK rows, added up in float64 (the JavaScript loop's precision
      // across blocks; a float32 sum over all rows drifts by up to rows·2⁻²⁴).
      const dst = heapAddress(backend, out);
      const partial = backend.typedArrayFromHeap(out) as Float32Array;
      const total = new Float64Array(c);
      for (let i = 0; i < n; i += SIMD_BLOCK) {
        kernels.sumRows(heapAddress(backend, x) + 4 * i * c, dst, Math.min(SIMD_BLOCK, n - i), c);
        for (let j = 0; j < c; j++) total[j] += partial[j];
      }
      partial.set(total);
      return out;
    }
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    const acc = new Float64Array(c);
    for (let i = 0; i < n; i++) {
      const base = i * c;
      for (let j = 0; j < c; j++) acc[j] += src[base + j];
    }
    (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
    return out;
  });
}
