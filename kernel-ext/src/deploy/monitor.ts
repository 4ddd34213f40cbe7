import * as tf from "@tensorflow/tfjs";
import { layersModelOf, type LayersModelLike } from "../train/estimator";
import { defaultMonitor, type Monitor } from "./server";

/**
 * The values a server's monitor records, computed offline on data you trust (training or validation
 * images): the reference that {@link driftReport} compares live traffic with. Use the same monitor
 * as the server.
 */
export function monitorColumns(modelLike: LayersModelLike, x: tf.Tensor, options: { monitor?: Monitor; batchSize?: number } = {}): Record<string, number[]> {
  const model = layersModelOf(modelLike, "monitorColumns");
  const monitor = options.monitor ?? defaultMonitor;
  const n = x.shape[0];
  const size = x.size / n;
  const values = x.dataSync() as Float32Array;
  const out = tf.tidy(() => model.predict(x, { batchSize: options.batchSize ?? 256 }) as tf.Tensor);
  const rows = out.arraySync() as unknown[];
  out.dispose();
  const cols: Record<string, number[]> = {};
  for (let i = 0; i < n; i++) {
    for (const [k, v] of Object.entries(monitor(values.subarray(i * size, (i + 1) * size), rows[i]))) (cols[k] ??= []).push(v);
  }
  return cols;
}
