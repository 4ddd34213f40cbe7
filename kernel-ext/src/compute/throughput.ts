import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { summarizeTimes } from "./timing";

/** Options of `measureThroughput`. */
export interface ThroughputOptions {
  /** Batch sizes to try. Default [1, 8, 32, 128, 512]. */
  batchSizes?: number[];
  /** "predict" (inference, default) or "train" (one optimiser step per batch: the model must be compiled). */
  mode?: "predict" | "train";
  /** Timed batches per batch size. Default 5. */
  batches?: number;
  /** Untimed batches first, per batch size. Default 1. */
  warmup?: number;
  /** Real data to slice batches from (`x` and, for training, `y`); default: random inputs and one-hot labels. */
  data?: { x: tf.Tensor; y?: tf.Tensor };
}

/** Speed at one batch size. */
export type ThroughputRow = {
  batchSize: number;
  /** Samples processed per second (batch size / median time per batch). */
  samplesPerSecond: number;
  /** Median milliseconds per batch. */
  msPerBatch: number;
  mode: "predict" | "train";
  backend: string;
};

/**
 * Measures how many samples per second a model processes at each batch size, on the current
 * backend. Larger batches use the hardware better (fewer, bigger matrix products) until memory or
 * cache runs out; for training, they also change what the model learns (fewer updates per epoch).
 */
export async function measureThroughput(model: tf.LayersModel, options: ThroughputOptions = {}): Promise<ThroughputRow[]> {
  const batchSizes = options.batchSizes ?? [1, 8, 32, 128, 512];
  const mode = options.mode ?? "predict";
  const batches = options.batches ?? 5;
  const warmup = options.warmup ?? 1;
  if (!model || typeof (model as tf.LayersModel).predict !== "function") throw new TrainlabError("measureThroughput(model, …): give a tf.LayersModel (tf.sequential / tf.model).");
  if (mode === "train" && !(model as unknown as { optimizer?: unknown }).optimizer) {
    throw new TrainlabError("measureThroughput(model, {mode: \"train\"}): compile the model first (model.compile({optimizer, loss})).");
  }
  const inShape = model.inputs[0].shape.slice(1) as number[];
  const outShape = model.outputs[0].shape.slice(1) as number[];
  if (inShape.some((d) => d == null) || outShape.some((d) => d == null)) {
    throw new TrainlabError("measureThroughput: the model's input and output shapes must be fully known (apart from the batch).");
  }
  const rows: ThroughputRow[] = [];
  for (const batchSize of batchSizes) {
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new TrainlabError(`measureThroughput: batch sizes must be integers >= 1 (got ${batchSize}).`);
    const [x, y] = _batch(batchSize, inShape, outShape, options.data);
    const run = async () => {
      if (mode === "train") {
        await model.trainOnBatch(x, y);
      } else {
        const out = model.predict(x) as tf.Tensor;
        await out.data();
        out.dispose();
      }
    };
    try {
      for (let i = 0; i < warmup; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < batches; i++) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
      const ms = summarizeTimes(times).median;
      rows.push({ batchSize, samplesPerSecond: (batchSize * 1000) / ms, msPerBatch: ms, mode, backend: tf.getBackend() });
    } finally {
      x.dispose();
      y.dispose();
    }
  }
  return rows;
}

/** A batch of `n` samples: sliced (cycling) from real data when given, else random inputs and one-hot labels. */
function _batch(n: number, inShape: number[], outShape: number[], data?: { x: tf.Tensor; y?: tf.Tensor }): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    if (data) {
      const total = data.x.shape[0];
      const idx = tf.tensor1d(Array.from({ length: n }, (_, i) => i % total), "int32");
      const x = tf.gather(data.x, idx);
      const y = data.y ? tf.gather(data.y, idx) : tf.zeros([n, ...outShape]);
      return [x, y] as [tf.Tensor, tf.Tensor];
    }
    const x = tf.randomUniform([n, ...inShape], 0, 1, "float32", 1);
    const classes = outShape[outShape.length - 1] ?? 1;
    const y = outShape.length === 1 && classes > 1
      ? tf.oneHot(tf.randomUniform([n], 0, classes, "int32", 2), classes).toFloat()
      : tf.randomUniform([n, ...outShape], 0, 1, "float32", 2);
    return [x, y] as [tf.Tensor, tf.Tensor];
  });
}
