import * as tf from "@tensorflow/tfjs";

let _installed = false;

/**
 * Replaces the pure-JS `cpu` backend's Conv2DBackpropFilter (the filter gradient of a conv layer)
 * with a typed-array version for channels-last input: the stock kernel reads every element through
 * TensorBuffer.get and takes ~80% of a small CNN's training step. Same sums, a different order, so
 * results agree to float32 rounding. Other data formats fall back to the stock kernel.
 * lab.train.fit installs it whenever it trains on `cpu`. Idempotent; returns true when the fast
 * kernel is (now) in place.
 */
export function useFastConvGrad(): boolean {
  if (_installed) return true;
  const stock = tf.getKernel("Conv2DBackpropFilter", "cpu");
  if (stock === undefined) return false;
  const fallback = stock.kernelFunc;
  tf.unregisterKernel("Conv2DBackpropFilter", "cpu");
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "cpu",
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args as unknown as {
        inputs: { x: tf.TensorInfo; dy: tf.TensorInfo };
        backend: { data: { get(id: object): { values: Float32Array } }; makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo };
        attrs: { strides: [number, number] | number; pad: "valid" | "same" | number; dataFormat: "NHWC" | "NCHW"; dimRoundingMode?: "floor" | "round" | "ceil"; filterShape: [number, number, number, number] };
      };
      if (attrs.dataFormat === "NCHW" || inputs.x.dtype !== "float32") return fallback(args);
      const info = tf.backend_util.computeConv2DInfo(
        inputs.x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, "channelsLast",
      );
      const x = backend.data.get(inputs.x.dataId).values;
      const dy = backend.data.get(inputs.dy.dataId).values;
      return backend.makeTensorInfo(info.filterShape, "float32", _filterGrad(x, dy, info));
    },
  });
  _installed = true;
  return true;
}

function _filterGrad(x: Float32Array, dy: Float32Array, c: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = c;
  const top = c.padInfo.top;
  const left = c.padInfo.left;
  // Accumulate in float64, the stock kernel's precision, then round once.
  const dw = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        const dyBase = ((b * outHeight + yr) * outWidth + yc) * outChannels;
        for (let wr = 0; wr < filterHeight; wr++) {
          const xr = yr * strideHeight + wr - top;
          if (xr < 0 || xr >= inHeight) continue;
          for (let wc = 0; wc < filterWidth; wc++) {
            const xc = yc * strideWidth + wc - left;
            if (xc < 0 || xc >= inWidth) continue;
            const xBase = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            const wBase = (wr * filterWidth + wc) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const xv = x[xBase + d1];
              if (xv === 0) continue; // post-ReLU inputs are mostly zero
              const o = wBase + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) dw[o + d2] += xv * dy[dyBase + d2];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(dw);
}
