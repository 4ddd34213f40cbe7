/**
 * Conv2DBackpropFilter for convolutions with few inputs per output (kh·kw·ci small, e.g. the
 * first layer on grey or RGB images) as im2col + ONE matMul: dW[K, co] = P[K, N] · dy[N, co]
 * with K = kh·kw·ci and N = batch·OH·OW. The one-conv formulation is a GEMM with only
 * kh·kw output pixels there, far below XNNPACK's peak: on the reference CNN's first layer
 * (64×28×28×1, 3×3×16) it took ~5 ms, this takes ~1 ms.
 */
import { backend_util, TensorInfo } from "@tensorflow/tfjs-core";
import { callKernel, free, reshape, WasmBackend } from "./kernelCall";

/** Largest kh·kw·ci taken by this path (above it the one-conv path is as fast or faster). */
export const SMALL_FILTER_MAX_INPUTS = 32;

/** The filter gradient via im2col + matMul, or null when the filter is too big for this path. */
export function smallInputFilterGradient(
  backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo | null {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
  const k = kh * kw * ci;
  if (k > SMALL_FILTER_MAX_INPUTS || x.dtype !== "float32" || dy.dtype !== "float32") return null;
  const { batchSize: b, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const n = b * oh * ow;
  const patches = backend.makeOutput([1, k, n], "float32");
  // Views after makeOutput: allocating may grow (and so move) the heap.
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  const p = backend.typedArrayFromHeap(patches) as Float32Array;
  // Row (ky, kx, c) of P holds x at that kernel offset for every output position (b, oy, ox),
  // zero where the window hangs over the padding; rows are in the filter's [kh, kw, ci] order.
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      for (let c = 0; c < ci; c++) {
        let o = ((ky * kw + kx) * ci + c) * n;
        for (let bi = 0; bi < b; bi++) {
          const xb = bi * h * w * ci + c;
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh + ky * dh - top;
            if (iy < 0 || iy >= h) {
              p.fill(0, o, o + ow);
              o += ow;
              continue;
            }
            // Output columns whose input column ix = ox·sw + kx·dw − left lies inside [0, w).
            const shift = kx * dw - left;
            const first = Math.min(ow, Math.max(0, Math.ceil(-shift / sw)));
            const end = Math.max(first, Math.min(ow, Math.floor((w - 1 - shift) / sw) + 1));
            if (first > 0) p.fill(0, o, o + first);
            const src = xb + iy * w * ci + shift * ci;
            if (sw === 1 && ci === 1) {
              p.set(xs.subarray(src + first, src + end), o + first);
            } else {
              const step = sw * ci;
              for (let ox = first; ox < end; ox++) p[o + ox] = xs[src + ox * step];
            }
            if (end < ow) p.fill(0, o + end, o + ow);
            o += ow;
          }
        }
      }
    }
  }
  const dy3 = reshape(backend, dy, [1, n, co]);
  const product = callKernel("BatchMatMul", backend, { a: patches, b: dy3 }, { transposeA: false, transposeB: false });
  const out = reshape(backend, product, [kh, kw, ci, co]);
  free(backend, patches, dy3, product);
  return out;
}
