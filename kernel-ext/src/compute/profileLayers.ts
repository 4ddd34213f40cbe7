import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { summarizeTimes } from "./timing";

/** Options of `profileLayers`. */
export interface ProfileLayersOptions {
  /** Batch size of the random input. Default 64. */
  batchSize?: number;
  /** Timed passes per layer (the median is kept). Default 5. */
  repeats?: number;
}

/** Time spent in one layer of a forward pass. */
export type LayerProfile = {
  layer: string;
  type: string;
  outputShape: string;
  params: number;
  /** Median milliseconds for this layer, for one batch. */
  ms: number;
  /** This layer's share of the forward pass time. */
  share: number;
};

/**
 * Times the forward pass layer by layer (a sequential model, random input of `batchSize`):
 * where does the time go? Each layer's output is read back before the clock stops, so
 * asynchronous backends are timed honestly. The backward pass costs roughly twice the forward one,
 * in the same proportions.
 */
export async function profileLayers(model: tf.LayersModel, options: ProfileLayersOptions = {}): Promise<LayerProfile[]> {
  const batchSize = options.batchSize ?? 64;
  const repeats = options.repeats ?? 5;
  const layers = model?.layers;
  if (!Array.isArray(layers)) throw new TrainlabError("profileLayers(model): give a tf.LayersModel.");
  if (!(model instanceof tf.Sequential)) {
    throw new TrainlabError("profileLayers: only sequential models (tf.sequential) can be timed layer by layer; time a whole step with timeSteps instead.");
  }
  const inShape = model.inputs[0].shape.slice(1) as number[];
  let x = tf.randomUniform([batchSize, ...inShape], 0, 1, "float32", 3);
  const rows: LayerProfile[] = [];
  try {
    for (const layer of layers) {
      const times: number[] = [];
      let out: tf.Tensor | undefined;
      for (let r = 0; r < repeats + 1; r++) {
        out?.dispose();
        const t0 = performance.now();
        out = tf.tidy(() => layer.apply(x, { training: false }) as tf.Tensor);
        await out.data();
        if (r > 0) times.push(performance.now() - t0);
      }
      rows.push({
        layer: layer.name,
        type: layer.getClassName(),
        outputShape: `[${out!.shape.slice(1).join(",")}]`,
        params: layer.countParams(),
        ms: summarizeTimes(times).median,
        share: 0,
      });
      x.dispose();
      x = out!;
    }
  } finally {
    x.dispose();
  }
  const total = rows.reduce((s, r) => s + r.ms, 0);
  for (const r of rows) r.share = total > 0 ? r.ms / total : 0;
  return rows;
}
