/**
 * MaxPoolGrad for wasm as one pass over the wasm heap: each output cell sends its gradient
 * to the first maximum of its window (the cpu backend's rule). The stock kernel recomputes
 * every window for every input cell (~23 ms per call on the reference CNN). The common 2×2,
 * stride-2 pool over a multiple of 4 channels runs as a SIMD loop (simd.ts).
 */
import { backend_util, KernelConfig, TensorInfo } from "@tensorflow/tfjs-core";
import { WasmBackend } from "./kernelCall";
import { heapAddress, simdKernels } from "./simd";

export const maxPoolGradConfig: KernelConfig = {
  kernelName: "MaxPoolGrad",
  backendName: "wasm",
  kernelFunc: ({ inputs, backend: be, attrs }) => {
    const backend = be as unknown as WasmBackend;
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
      filterSize: [number, number] | number; strides: [number, number] | number;
      pad: "valid" | "same" | number; dimRoundingMode?: "floor" | "round" | "ceil";
    };
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const out = backend.makeOutput(input.shape, "float32");
    // Views after makeOutput: allocating may grow (and so move) the heap.
    const x = backend.typedArrayFromHeap(input) as Float32Array;
    const g = backend.typedArrayFromHeap(dy) as Float32Array;
    const dx = backend.typedArrayFromHeap(out) as Float32Array;
    const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
    const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    if (fh === 2 && fw === 2 && sh === 2 && sw === 2 && top === 0 && left === 0) {
      const kernels = C % 4 === 0 ? simdKernels(backend) : null;
      if (kernels != null) {
        if (H !== 2 * OH || W !== 2 * OW) dx.fill(0); // a last odd row/column gets no gradient
        kernels.maxPoolGrad2x2(heapAddress(backend, input), heapAddress(backend, dy), heapAddress(backend, out),
          batchSize * OH, OH, H, OW, W, C);
        return out;
      }
      pool2x2(x, g, dx, batchSize, H, W, C, OH, OW);
      return out;
    }
    // Channels innermost: every read walks memory in order (the window scan order per channel,
    // rows then columns, is the cpu backend's, so ties go to the same cell).
    dx.fill(0);
    const best = new Float32Array(C);
    const at = new Int32Array(C);
    let o = 0;
    for (let b = 0; b < batchSize; b++) {
      const xb = b * H * W * C;
      for (let yr = 0; yr < OH; yr++) {
        const r0 = Math.max(0, yr * sh - top);
        const r1 = Math.min(H, yr * sh - top + fh);
        for (let yc = 0; yc < OW; yc++, o += C) {
          const c0 = Math.max(0, yc * sw - left);
          const c1 = Math.min(W, yc * sw - left + fw);
          best.fill(-Infinity);
          at.fill(-1);
          for (let r = r0; r < r1; r++) {
            for (let c = c0; c < c1; c++) {
              const base = xb + (r * W + c) * C;
              for (let d = 0; d < C; d++) {
                const v = x[base + d];
                if (v > best[d]) { best[d] = v; at[d] = base + d; }
              }
            }
          }
          for (let d = 0; d < C; d++) if (at[d] >= 0) dx[at[d]] += g[o + d];
        }
      }
    }
    return out;
  },
};

/** The common 2×2, stride 2, unpadded pool: branch-light, and windows never overlap. */
function pool2x2(x: Float32Array, g: Float32Array, dx: Float32Array,
  batchSize: number, H: number, W: number, C: number, OH: number, OW: number): void {
  if (H !== 2 * OH || W !== 2 * OW) dx.fill(0); // a last odd row/column gets no gradient
  const rowStride = W * C;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < OH; yr++) {
      for (let yc = 0; yc < OW; yc++, o += C) {
        const base = ((b * H + 2 * yr) * W + 2 * yc) * C;
        for (let d = 0; d < C; d++) {
          const i00 = base + d;
          const i01 = i00 + C;
          const i10 = i00 + rowStride;
          const i11 = i10 + C;
          const v00 = x[i00], v01 = x[i01], v10 = x[i10], v11 = x[i11];
          // First maximum in scan order (00, 01, 10, 11), like the cpu backend; NaN never wins.
          let m = v00 > -Infinity ? v00 : -Infinity;
          let k = v00 > -Infinity ? 0 : -1;
          if (v01 > m) { m = v01; k = 1; }
          if (v10 > m) { m = v10; k = 2; }
          if (v11 > m) { k = 3; }
          const gv = g[o + d];
          dx[i00] = k === 0 ? gv : 0;
          dx[i01] = k === 1 ? gv : 0;
          dx[i10] = k === 2 ? gv : 0;
          dx[i11] = k === 3 ? gv : 0;
        }
      }
    }
  }
}
