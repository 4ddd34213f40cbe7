/**
 * Conv2D for wasm as ONE in-place SIMD product (simd.ts `gemmProduct`), an implicit GEMM: row
 * (b, oy, ox) of the product is one output pixel, its walk (ky, kx, c) reads x where the window
 * lies, and the filter [kh, kw, ci, co] is already the right-hand matrix [(ky, kx, c) × co]. No
 * im2col, no indirection buffer, no repack of the filter (new every training step). XNNPACK's
 * path ran at ~11 GMAC/s on the reference CNN; the product here at ~15. Also the input
 * gradient's conv (convBackpropInput.ts calls Conv2D). Taken for NHWC float32 convolutions with
 * stride 1, no dilation and output channels a multiple of 16 (where it was measured to win).
 */
import { backend_util, KernelConfig, TensorInfo } from "@tensorflow/tfjs-core";
import { callKernel, free, WasmBackend, wrapStock } from "./kernelCall";
import { gemmProduct, heapAddress, simdKernels } from "./simd";
import type { ConvAttrs } from "./samePadding";

/** Wraps a Conv2D kernel (`next` runs whatever this path does not take). */
export function inPlaceConv2D(next: KernelConfig): KernelConfig {
  return wrapStock(next, (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs;
    const backend = args.backend as unknown as WasmBackend;
    if ((attrs.dataFormat ?? "NHWC") !== "NHWC" || x.dtype !== "float32" || filter.dtype !== "float32") {
      return next.kernelFunc(args);
    }
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
      attrs.strides, attrs.dilations ?? 1, attrs.pad as never, attrs.dimRoundingMode, false, "channelsLast");
    // Where it was measured to win (CPU ms, this path vs XNNPACK): whole 16-column tiles at
    // stride 1 — the reference CNN's layers 0.81 vs 0.96 and 2.3 vs 3.1, its input gradient 2.9
    // vs 3.4 (padding copied in), 3×3×64→64 "same" 8.8 vs 9.9. With 8 output channels or stride
    // 2 XNNPACK won (0.35 vs 0.23).
    const fits = info.outChannels % 16 === 0 && info.strideHeight === 1 && info.strideWidth === 1 &&
      info.dilationHeight === 1 && info.dilationWidth === 1;
    const kernels = fits ? simdKernels(backend) : null;
    if (kernels == null) return next.kernelFunc(args);
    const out = backend.makeOutput(info.outShape, "float32");
    if (info.outHeight * info.outWidth * info.batchSize === 0) return out;
    const { xp, hp, wp } = paddedForWindows(backend, x, info);
    const { inChannels: ci, filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow } = info;
    const pixel = 4 * ci; // bytes; stride and dilation are 1
    gemmProduct(kernels,
      { start: heapAddress(backend, xp), counts: [ow, oh], strides: [pixel, wp * pixel, hp * wp * pixel] },
      heapAddress(backend, filter), heapAddress(backend, out), info.batchSize * oh * ow, info.outChannels,
      { counts: [ci, kw, kh], aSteps: [4, 0, (wp - kw) * pixel], bSteps: [4 * info.outChannels, 0, 0] });
    if (xp !== x) free(backend, xp);
    return out;
  });
}

/**
 * x with the conv's zero padding made real, so that every window lies inside it: top/left as
 * the conv had them, bottom/right as far as the last window reaches. x itself when no padding
 * is needed; otherwise a new tensor the caller frees.
 */
export function paddedForWindows(backend: WasmBackend, x: TensorInfo, info: backend_util.Conv2DInfo):
  { xp: TensorInfo; hp: number; wp: number } {
  const { filterHeight: kh, filterWidth: kw, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const bottom = Math.max(0, (oh - 1) * sh + (kh - 1) * dh + 1 - top - h);
  const right = Math.max(0, (ow - 1) * sw + (kw - 1) * dw + 1 - left - w);
  const xp = top > 0 || left > 0 || bottom > 0 || right > 0
    ? callKernel("PadV2", backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })
    : x;
  return { xp, hp: xp.shape[1], wp: xp.shape[2] };
}
