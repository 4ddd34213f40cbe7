/**
 * Conv2DBackpropInput for wasm (the input gradient of Conv2D, and Conv2DTranspose's forward)
 * as ONE wasm (XNNPACK) conv2d: dy spread out by the stride, the filter flipped with its
 * channel axes swapped. The stock wasm kernel is a plain loop (~53 ms per batch of the
 * reference CNN).
 */
import { backend_util, KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import { callKernel, free, reshape, slice, transpose, WasmBackend } from "./kernelCall";

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: "Conv2DBackpropInput",
  backendName: "wasm",
  kernelFunc: ({ inputs, backend: be, attrs }) => {
    const backend = be as unknown as WasmBackend;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: [number, number] | number; pad: "valid" | "same" | number | backend_util.ExplicitPadding;
      dataFormat: "NHWC" | "NCHW"; dimRoundingMode?: "floor" | "round" | "ceil";
      inputShape: [number, number, number, number];
    };
    if (dataFormat === "NCHW") throw new Error("wasm Conv2DBackpropInput supports NHWC only");
    const info = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad as never,
      dimRoundingMode, false, "channelsLast");
    const { input, pad: explicit, temps } = spreadForInputGradient(backend, dy, info);
    const flipped = callKernel("Reverse", backend, { x: filter }, { dims: [0, 1] });
    const swapped = transpose(backend, flipped, [0, 1, 3, 2]); // [kh, kw, co, ci]
    temps.push(flipped, swapped);
    const out = callKernel("Conv2D", backend, { x: input, filter: swapped }, {
      strides: [1, 1], dilations: [info.dilationHeight, info.dilationWidth],
      pad: explicit, dataFormat: "NHWC",
    } as unknown as NamedAttrMap);
    free(backend, ...temps);
    return out;
  },
};

/**
 * dy spread out by the stride (zeros between rows/cols), cropped where the forward conv's
 * padding was negative, and the explicit padding for a stride-1 conv with the flipped filter
 * whose output is exactly the input's H×W: out[h] = Σ_k in[h + k·d − P]·flip(W)[k],
 * P = (kh−1)·d − padTop. The caller frees `temps` (which include `input` when it is new).
 */
export function spreadForInputGradient(backend: WasmBackend, dy: TensorInfo, info: backend_util.Conv2DInfo): {
  input: TensorInfo; pad: backend_util.ExplicitPadding; temps: TensorInfo[];
} {
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { inHeight: h, inWidth: w, batchSize: b, filterHeight: kh, filterWidth: kw } = info;
  const [, oh, ow, c] = dy.shape;
  const temps: TensorInfo[] = [];
  let spread = dy;
  if (sh > 1 || sw > 1) {
    const d6 = reshape(backend, dy, [b, oh, 1, ow, 1, c]);
    const p = callKernel("PadV2", backend, { x: d6 }, {
      paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0,
    });
    spread = reshape(backend, p, [b, oh * sh, ow * sw, c]);
    temps.push(d6, p, spread);
  }
  const lh = spread.shape[1];
  const lw = spread.shape[2];
  let padTop = (kh - 1) * dh - info.padInfo.top;
  let padLeft = (kw - 1) * dw - info.padInfo.left;
  let padBottom = h + info.padInfo.top - lh;
  let padRight = w + info.padInfo.left - lw;
  const cropTop = Math.max(0, -padTop);
  const cropLeft = Math.max(0, -padLeft);
  const cropBottom = Math.max(0, -padBottom);
  const cropRight = Math.max(0, -padRight);
  if (cropTop + cropLeft + cropBottom + cropRight > 0) {
    spread = slice(backend, spread, [0, cropTop, cropLeft, 0],
      [b, lh - cropTop - cropBottom, lw - cropLeft - cropRight, c]);
    temps.push(spread);
    padTop = Math.max(0, padTop); padLeft = Math.max(0, padLeft);
    padBottom = Math.max(0, padBottom); padRight = Math.max(0, padRight);
  }
  return { input: spread, pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]], temps };
}
