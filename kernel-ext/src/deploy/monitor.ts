import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { isFitted, type Fitted } from "../core/protocols";
import { layersModelOf, type LayersModelLike } from "../train/estimator";
import { defaultMonitor, type Monitor } from "./server";

/**
 * The values a server's monitor records, computed offline on data you trust (training or validation
 * images): the reference that {@link driftReport} compares live traffic with. Use the same monitor
 * as the server.
 */
export function monitorColumns(modelLike: LayersModelLike | Fitted, x: tf.Tensor, options: { monitor?: Monitor; batchSize?: number } = {}): Record<string, number[]> {
  const monitor = options.monitor ?? defaultMonitor;
  const n = x.shape[0];
  const size = x.size / n;
  const values = x.dataSync() as Float32Array;
  const rows = _isLayersLike(modelLike) ? _layersRows(modelLike, x, options.batchSize ?? 256) : _estimatorRows(modelLike, values, n, size);
  const cols: Record<string, number[]> = {};
  for (let i = 0; i < n; i++) {
    for (const [k, v] of Object.entries(monitor(values.subarray(i * size, (i + 1) * size), rows[i]))) (cols[k] ??= []).push(v);
  }
  return cols;
}

function _isLayersLike(m: unknown): m is LayersModelLike {
  return m instanceof tf.LayersModel || (m as { model?: unknown } | null)?.model instanceof tf.LayersModel;
}

function _layersRows(modelLike: LayersModelLike, x: tf.Tensor, batchSize: number): unknown[] {
  const model = layersModelOf(modelLike, "monitorColumns");
  const out = tf.tidy(() => model.predict(x, { batchSize }) as tf.Tensor);
  const rows = out.arraySync() as unknown[];
  out.dispose();
  return rows;
}

/** What deploy.serve answers for an estimator: its predictProba rows, else one predict value per row. */
function _estimatorRows(model: unknown, values: Float32Array, n: number, size: number): unknown[] {
  if (!isFitted(model)) throw new TrainlabError("monitorColumns: pass a tf.LayersModel or a fitted estimator (with predict / predictProba), the model the server serves.");
  const rows = Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * size, (i + 1) * size)));
  const out = model.predictProba ? model.predictProba(rows) : model.predict(rows);
  if (out instanceof Promise) {
    throw new TrainlabError("monitorColumns: this estimator predicts asynchronously (its predict returns a Promise); record reference values by serving it and reading server.monitored(), or use a synchronous estimator.");
  }
  return out as unknown[];
}
