/**
 * tfjs 4.22's wasm convolutions pass "same" padding to XNNPACK as its TensorFlow-SAME flag,
 * which computes wrong results (often all zeros, silently) whenever the stride exceeds the
 * kernel in a dimension, e.g. a 2×1 kernel with strides [1, 2]: 79 of 216 small "same"
 * configurations of Conv2D were wrong here, 93 of DepthwiseConv2dNative. The same convolution
 * with the padding spelled out (TensorFlow's rule, from computeConv2DInfo) is right in all of
 * them, and it runs the same XNNPACK code: so wrap the stock kernels to spell it out.
 */
import { backend_util, KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import { wrapStock } from "./kernelCall";

/** The attributes of wasm's Conv2D-like kernels that a wrapper reads. */
export interface ConvAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | backend_util.ExplicitPadding;
  dilations?: [number, number] | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
  dataFormat?: "NHWC" | "NCHW";
}

/** Wraps a stock wasm Conv2D / DepthwiseConv2dNative / FusedConv2D / FusedDepthwiseConv2D. */
export function explicitSamePadding(stock: KernelConfig): KernelConfig {
  const depthwise = /Depthwise/.test(stock.kernelName);
  return wrapStock(stock, (args) => {
    const attrs = args.attrs as unknown as ConvAttrs;
    if (attrs?.pad !== "same" || (attrs.dataFormat ?? "NHWC") !== "NHWC") return stock.kernelFunc(args);
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
      attrs.strides, attrs.dilations ?? 1, "same", attrs.dimRoundingMode, depthwise);
    const { top, bottom, left, right } = info.padInfo;
    const pad: backend_util.ExplicitPadding = [[0, 0], [top, bottom], [left, right], [0, 0]];
    return stock.kernelFunc({ ...args, attrs: { ...args.attrs, pad } as unknown as NamedAttrMap });
  });
}
