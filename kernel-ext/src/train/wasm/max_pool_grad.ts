/**
 * MaxPoolGrad for wasm as one pass over the wasm heap: each output cell sends its gradient
 * to the first maximum of its window (the cpu backend's rule). The stock kernel recomputes
 * every window for every input cell (~23 ms per call on the reference CNN).
 */
import { backend_util, KernelConfig, TensorInfo } from "@tensorflow/tfjs-core";
import { WasmBackend } from "./kernel_call";

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
    dx.fill(0);
    const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
    const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    let o = 0;
    for (let b = 0; b < batchSize; b++) {
      const xb = b * H * W * C;
      for (let yr = 0; yr < OH; yr++) {
        const r0 = Math.max(0, yr * sh - top);
        const r1 = Math.min(H, yr * sh - top + fh);
        for (let yc = 0; yc < OW; yc++) {
          const c0 = Math.max(0, yc * sw - left);
          const c1 = Math.min(W, yc * sw - left + fw);
          for (let d = 0; d < C; d++, o++) {
            let best = -Infinity;
            let at = -1;
            for (let r = r0; r < r1; r++) {
              let i = xb + (r * W + c0) * C + d;
              for (let c = c0; c < c1; c++, i += C) {
                if (x[i] > best) { best = x[i]; at = i; }
              }
            }
            if (at >= 0) dx[at] += g[o];
          }
        }
      }
    }
    return out;
  },
};
