/**
 * UnsortedSegmentSum for wasm (the gradient of Gather, so of a trainable Embedding) as one
 * wasm ScatterNd, which adds the rows that share an index.
 */
import { KernelConfig, TensorInfo, util } from "@tensorflow/tfjs-core";
import { callKernel, free, reshape, WasmBackend } from "./kernelCall";

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: "UnsortedSegmentSum",
  backendName: "wasm",
  kernelFunc: ({ inputs, backend: be, attrs }) => {
    const backend = be as unknown as WasmBackend;
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = attrs?.numSegments as number;
    const n = util.sizeFromShape(segmentIds.shape);
    const rest = x.shape.slice(segmentIds.shape.length);
    // TensorFlow drops ids outside [0, numSegments); ScatterNd would write out of bounds.
    const ids = backend.readSync(segmentIds.dataId);
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= numSegments) {
        throw new Error(`UnsortedSegmentSum: segment id ${ids[i]} is not in [0, ${numSegments})`);
      }
    }
    const indices = reshape(backend, segmentIds, [n, 1]);
    const updates = reshape(backend, x, [n, ...rest]);
    const out = callKernel("ScatterNd", backend, { indices, updates }, { shape: [numSegments, ...rest] });
    free(backend, indices, updates);
    return out;
  },
};
