/**
 * The two gradients of a depthwise convolution (SeparableConv2D, DepthwiseConv2D) for wasm,
 * each as one wasm (XNNPACK) depthwise conv plus reshapes, transposes and one reduction.
 */
import { backend_util, KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import { cropForFilterGradient, filterGradientGeometry } from "./convBackpropFilter";
import { spreadForInputGradient } from "./convBackpropInput";
import { callKernel, free, reshape, transpose, WasmBackend } from "./kernelCall";

interface DepthwiseAttrs {
  strides: [number, number] | number;
  dilations?: [number, number] | number;
  pad: "valid" | "same" | number | backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * dW[ky,kx,c,q] = Σ_b,oy,ox x[b, oy·s + ky·d − pad, …, c] · dy[b, oy, ox, c·m + q]: a depthwise
 * conv over one image whose channels are (b, c), with dy as the filter; then a sum over b.
 */
export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropFilter",
  backendName: "wasm",
  kernelFunc: ({ inputs, backend: be, attrs }) => {
    const backend = be as unknown as WasmBackend;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as DepthwiseAttrs & { filterShape: [number, number, number, number] };
    const [kh, kw, ci, m] = a.filterShape;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], a.filterShape, a.strides, a.dilations ?? 1,
      a.pad as never, a.dimRoundingMode, true);
    const [b] = x.shape;
    const [, oh, ow] = dy.shape;
    const { cropH, cropW, pad } = filterGradientGeometry(info);
    const temps: TensorInfo[] = [];
    const xc = cropForFilterGradient(backend, x, cropH, cropW, temps);
    const xt = transpose(backend, xc, [1, 2, 0, 3]); // [H, W, b, ci]
    const xi = reshape(backend, xt, [1, cropH, cropW, b * ci]);
    const dy5 = reshape(backend, dy, [b, oh, ow, ci, m]);
    const dyt = transpose(backend, dy5, [1, 2, 0, 3, 4]); // [OH, OW, b, ci, m]
    const f = reshape(backend, dyt, [oh, ow, b * ci, m]);
    temps.push(xt, xi, dy5, dyt, f);
    const g = callKernel("DepthwiseConv2dNative", backend, { x: xi, filter: f }, {
      strides: [info.dilationHeight, info.dilationWidth],
      dilations: [info.strideHeight, info.strideWidth],
      pad, dataFormat: "NHWC",
    } as unknown as NamedAttrMap); // [1, kh, kw, b·ci·m]
    const g4 = reshape(backend, g, [kh, kw, b, ci * m]);
    temps.push(g, g4);
    const s = callKernel("Sum", backend, { x: g4 }, { axis: [2], keepDims: false });
    const out = reshape(backend, s, [kh, kw, ci, m]);
    temps.push(s);
    free(backend, ...temps);
    return out;
  },
};

/**
 * dx = a depthwise conv (stride 1) of dy, spread out by the stride with zeros, with the
 * spatially flipped filter and one channel per (c, q); then a sum over the multiplier q.
 */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropInput",
  backendName: "wasm",
  kernelFunc: ({ inputs, backend: be, attrs }) => {
    const backend = be as unknown as WasmBackend;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as DepthwiseAttrs & { inputShape: [number, number, number, number] };
    const [kh, kw, ci, m] = filter.shape;
    const info = backend_util.computeConv2DInfo(
      a.inputShape, filter.shape as [number, number, number, number], a.strides, a.dilations ?? 1,
      a.pad as never, a.dimRoundingMode, true);
    return inputGradient(backend, dy, filter, info, kh, kw, ci, m);
  },
};

function inputGradient(
  backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo,
  kh: number, kw: number, ci: number, m: number,
): TensorInfo {
  const { inHeight: h, inWidth: w, batchSize: b, dilationHeight: dh, dilationWidth: dw } = info;
  const { input: spread, pad, temps } = spreadForInputGradient(backend, dy, info);
  const f1 = reshape(backend, filter, [kh, kw, ci * m, 1]);
  const flipped = callKernel("Reverse", backend, { x: f1 }, { dims: [0, 1] });
  temps.push(f1, flipped);
  const g = callKernel("DepthwiseConv2dNative", backend, { x: spread, filter: flipped }, {
    strides: [1, 1], dilations: [dh, dw],
    pad, dataFormat: "NHWC",
  } as unknown as NamedAttrMap); // [b, H, W, ci·m]
  temps.push(g);
  if (m === 1) {
    free(backend, ...temps.filter((t) => t !== g));
    return g;
  }
  const g5 = reshape(backend, g, [b, h, w, ci, m]);
  temps.push(g5);
  const out = callKernel("Sum", backend, { x: g5 }, { axis: [4], keepDims: false });
  free(backend, ...temps);
  return out;
}
