/**
 * Makes `wasm` a complete training backend: registers the gradient kernels it lacks and
 * replaces three slow stock kernels, all built on wasm's own fast kernels.
 */
import { getKernel, KernelConfig, registerKernel, unregisterKernel } from "@tensorflow/tfjs-core";
import { conv2DBackpropFilterConfig } from "./conv_backprop_filter";
import { withPhysicalTranspose } from "./batch_mat_mul";
import {
  depthwiseConv2dNativeBackpropFilterConfig, depthwiseConv2dNativeBackpropInputConfig,
} from "./depthwise_backprop";
import { fastGather } from "./gather";
import { unsortedSegmentSumConfig } from "./unsorted_segment_sum";

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
    depthwiseConv2dNativeBackpropFilterConfig,
    depthwiseConv2dNativeBackpropInputConfig,
  ]) {
    if (getKernel(config.kernelName, "wasm") == null) {
      registerKernel(config);
      report.added.push(config.kernelName);
    }
  }
  for (const [name, wrap] of [
    ["BatchMatMul", withPhysicalTranspose],
    ["_FusedMatMul", withPhysicalTranspose],
    ["GatherV2", fastGather],
  ] as const) {
    const stock = getKernel(name, "wasm") as (KernelConfig & { [PATCHED]?: true }) | undefined;
    if (stock == null || stock[PATCHED]) continue;
    const wrapped = Object.assign(wrap(stock), { [PATCHED]: true as const });
    unregisterKernel(name, "wasm");
    registerKernel(wrapped);
    report.replaced.push(name);
  }
  return report;
}
