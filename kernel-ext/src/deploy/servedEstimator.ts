import { TrainlabError } from "../errors";
import type { Fitted } from "../core/protocols";
import type { BatchOutput } from "./inference";

/**
 * Predicts `count` instances of `features` values each with any fitted estimator (knn, logistic
 * regression, …) on this thread, `chunk` rows at a time, yielding to the event loop between
 * chunks so the server keeps answering. Returns its `predictProba` (count × classes) when it has
 * one, else its `predict` (one number per instance), as deploy.serve's batch outputs.
 */
export async function predictWithEstimator(model: Fitted, values: Float32Array | Int32Array, count: number, features: number, chunk = 8): Promise<BatchOutput[]> {
  const parts: number[][] = [];
  for (let start = 0; start < count; start += chunk) {
    const rows: number[][] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) rows.push(Array.from(values.subarray(i * features, (i + 1) * features)));
    const out = model.predictProba ? await model.predictProba(rows) : (await model.predict(rows)).map((v) => [v]);
    if (!Array.isArray(out) || out.length !== rows.length) {
      throw new TrainlabError(`The served estimator returned ${Array.isArray(out) ? out.length : typeof out} predictions for ${rows.length} rows; its predict/predictProba must return one per row.`);
    }
    parts.push(...out.map((r) => Array.from(r as ArrayLike<number>)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const width = parts[0]?.length ?? 1;
  if (parts.some((r) => r.length !== width)) throw new TrainlabError("The served estimator's predictProba returned rows of different lengths; it must give every row one probability per class.");
  const data = new Float32Array(count * width);
  parts.forEach((r, i) => data.set(r, i * width));
  return [{ data, shape: model.predictProba ? [count, width] : [count] }];
}
