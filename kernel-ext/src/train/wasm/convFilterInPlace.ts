/**
 * Conv2DBackpropFilter for wasm as ONE in-place SIMD product (simd.ts `gemmTiles`) that walks x
 * where the forward conv read it:
 *   dW[ky, kx, c, co] = Σ_b,oy,ox x[b, oy·sh + ky·dh − top, ox·sw + kx·dw − left, c] · dy[b, oy, ox, co].
 * Row (ky, kx, c) of the product starts at that offset in x; the shared axis (b, oy, ox) is the
 * tile's three-level walk, and dy is read in order. No im2col, no transposes, and dy (new every
 * step) is not repacked by XNNPACK, which cost most of the earlier paths' time: on the
 * reference CNN ~1.5 → ~0.5 ms (first layer) and ~4.6 → ~3 ms (second). Needs co % 4 == 0.
 */
import { backend_util, TensorInfo } from "@tensorflow/tfjs-core";
import { callKernel, free, WasmBackend } from "./kernelCall";
import { gemmTiles, heapAddress, simdKernels } from "./simd";

/** The filter gradient, or null when this path cannot take it (co not a multiple of 4, no SIMD). */
export function inPlaceFilterGradient(
  backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo | null {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
  if (co % 4 !== 0 || x.dtype !== "float32" || dy.dtype !== "float32") return null;
  const kernels = simdKernels(backend);
  if (kernels == null) return null;
  const { batchSize: batch, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  // Zero padding made real, so every row's walk stays inside x: top/left as the conv had them,
  // bottom/right as far as the last window reaches.
  const bottom = Math.max(0, (oh - 1) * sh + (kh - 1) * dh + 1 - top - h);
  const right = Math.max(0, (ow - 1) * sw + (kw - 1) * dw + 1 - left - w);
  const padded = top > 0 || left > 0 || bottom > 0 || right > 0;
  const xp = padded
    ? callKernel("PadV2", backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })
    : x;
  const [hp, wp] = [xp.shape[1], xp.shape[2]];
  const pixel = 4 * ci; // bytes
  const out = backend.makeOutput([kh, kw, ci, co], "float32");
  const base = heapAddress(backend, xp);
  const rowStart = (row: number): number => {
    const c = row % ci;
    const kx = Math.floor(row / ci) % kw;
    const ky = Math.floor(row / (ci * kw));
    return base + (ky * dh * wp + kx * dw) * pixel + 4 * c;
  };
  gemmTiles(kernels, rowStart, heapAddress(backend, dy), heapAddress(backend, out), kh * kw * ci, co, {
    counts: [ow, oh, batch],
    aSteps: [sw * pixel, (sh * wp - ow * sw) * pixel, (hp - oh * sh) * wp * pixel],
    bSteps: [4 * co, 0, 0],
  });
  if (padded) free(backend, xp);
  return out;
}
