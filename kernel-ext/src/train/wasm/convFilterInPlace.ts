/**
 * Conv2DBackpropFilter for wasm as ONE in-place SIMD product (simd.ts `gemmProduct`) that walks x
 * where the forward conv read it:
 *   dW[ky, kx, c, co] = Σ_b,oy,ox x[b, oy·sh + ky·dh − top, ox·sw + kx·dw − left, c] · dy[b, oy, ox, co].
 * Row (ky, kx, c) of the product starts at that offset in x; the shared axis (b, oy, ox) is the
 * tile's three-level walk, and dy is read in order. No im2col, no transposes, and dy (new every
 * step) is not repacked by XNNPACK, which cost most of the earlier paths' time: on the
 * reference CNN ~1.5 → ~0.5 ms (first layer) and ~4.6 → ~3 ms (second). Needs co % 4 == 0.
 */
import { backend_util, TensorInfo } from "@tensorflow/tfjs-core";
import { free, WasmBackend } from "./kernelCall";
import { paddedForWindows } from "./convInPlace";
import { GemmRows, gemmProduct, heapAddress, simdKernels } from "./simd";

/** The filter gradient, or null when this path cannot take it (co not a multiple of 4, no SIMD). */
export function inPlaceFilterGradient(
  backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo | null {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
  if (co % 4 !== 0 || x.dtype !== "float32" || dy.dtype !== "float32") return null;
  const kernels = simdKernels(backend);
  if (kernels == null) return null;
  const { batchSize: batch, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { xp, hp, wp } = paddedForWindows(backend, x, info);
  const pixel = 4 * ci; // bytes
  const out = backend.makeOutput([kh, kw, ci, co], "float32");
  // Row (ky, kx, c) of the product, c fastest, starts at x[0, ky·dh, kx·dw, c].
  const rows: GemmRows = { start: heapAddress(backend, xp), counts: [ci, kw], strides: [4, dw * pixel, dh * wp * pixel] };
  gemmProduct(kernels, rows, heapAddress(backend, dy), heapAddress(backend, out), kh * kw * ci, co, {
    counts: [ow, oh, batch],
    aSteps: [sw * pixel, (sh * wp - ow * sw) * pixel, (hp - oh * sh) * wp * pixel],
    bSteps: [4 * co, 0, 0],
  });
  if (xp !== x) free(backend, xp);
  return out;
}
