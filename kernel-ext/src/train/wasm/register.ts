/**
 * Makes `wasm` a complete training backend: registers the gradient kernels it lacks and
 * replaces stock kernels that are slow or wrong, all built on wasm's own fast kernels.
 */
import { getKernel, KernelConfig, registerKernel, unregisterKernel } from "@tensorflow/tfjs-core";
import { conv2DBackpropFilterConfig } from "./convBackpropFilter";
import { conv2DBackpropInputConfig } from "./convBackpropInput";
import { maxPoolGradConfig } from "./maxPoolGrad";
import { withPhysicalTranspose } from "./batchMatMul";
import {
  depthwiseConv2dNativeBackpropFilterConfig, depthwiseConv2dNativeBackpropInputConfig,
} from "./depthwiseBackprop";
import { fastGather } from "./gather";
import { sharedIdentity } from "./identity";
import { fixedCast } from "./cast";
import { leadingAxesSum } from "./sum";
import { adamUpdateConfig, patchAdam } from "./adam";
import { explicitSamePadding } from "./samePadding";
import { batchedBias } from "./fusedMatMulBias";
import { unsortedSegmentSumConfig } from "./unsortedSegmentSum";
import { rowVectorAdd } from "./rowVectorAdd";
import { inPlaceMatMul } from "./inPlaceMatMul";
import { inPlaceConv2D } from "./convInPlace";

const PATCHED = Symbol.for("trainlab.wasmPatched");

/** What patchWasmBackend changed: kernels added, and stock kernels replaced. */
export interface WasmPatchReport {
  added: string[];
  replaced: string[];
}

/**
 * Registers the kernels training needs on `wasm` (only those it lacks) and wraps the slow
 * stock ones. Idempotent; call before or after `tf.setBackend("wasm")`.
 */
export function patchWasmBackend(): WasmPatchReport {
  const report: WasmPatchReport = { added: [], replaced: [] };
  for (const config of [
    conv2DBackpropFilterConfig,
    unsortedSegmentSumConfig,
    adamUpdateConfig,
    depthwiseConv2dNativeBackpropFilterConfig,
    depthwiseConv2dNativeBackpropInputConfig,
  ]) {
    if (getKernel(config.kernelName, "wasm") == null) {
      registerKernel(config);
      report.added.push(config.kernelName);
    }
  }
  for (const [name, wrap] of [
    ["BatchMatMul", (stock: KernelConfig) => inPlaceMatMul(withPhysicalTranspose(stock))],
    ["_FusedMatMul", (stock: KernelConfig) => withPhysicalTranspose(batchedBias(stock))],
    ["GatherV2", fastGather],
    ["Identity", sharedIdentity],
    ["Cast", fixedCast],
    ["Conv2D", (stock: KernelConfig) => inPlaceConv2D(explicitSamePadding(stock))],
    ["DepthwiseConv2dNative", explicitSamePadding],
    ["FusedConv2D", explicitSamePadding],
    ["FusedDepthwiseConv2D", explicitSamePadding],
    ["Sum", leadingAxesSum],
    ["Add", rowVectorAdd],
  ] as const) {
    const stock = getKernel(name, "wasm") as (KernelConfig & { [PATCHED]?: true }) | undefined;
    if (stock == null || stock[PATCHED]) continue;
    replace(Object.assign(wrap(stock), { [PATCHED]: true as const }));
    report.replaced.push(name);
  }
  for (const config of [conv2DBackpropInputConfig, maxPoolGradConfig]) {
    const stock = getKernel(config.kernelName, "wasm") as (KernelConfig & { [PATCHED]?: true }) | undefined;
    if (stock?.[PATCHED]) continue;
    replace(Object.assign({ ...config }, { [PATCHED]: true as const }));
    report[stock ? "replaced" : "added"].push(config.kernelName);
  }
  if (patchAdam()) report.replaced.push("Adam update (tf.train.adam, fused)");
  return report;
}

function replace(config: KernelConfig): void {
  if (getKernel(config.kernelName, "wasm") != null) unregisterKernel(config.kernelName, "wasm");
  registerKernel(config);
}
