import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { layersModelOf, type LayersModelLike } from "../train/estimator";

/**
 * A differentiable model: a tfjs LayersModel, an estimator wrapping one (lab.train.estimator), or a
 * function from an input tensor to outputs [n, k].
 */
export type TensorModel = LayersModelLike | ((x: tf.Tensor) => tf.Tensor);

/** Options shared by the gradient explainers. */
export interface GradientOptions {
  /**
   * Which output to explain: a column index, or "predicted" for each row's argmax class.
   * Default: the only column, column 1 of two, else "predicted".
   */
  output?: number | "predicted";
  /** Shape of one input as the model wants it (e.g. [8, 8, 1] for 8×8 images); rows are reshaped to it. Default: [d]. */
  inputShape?: number[];
}

export function _apply(model: TensorModel, x: tf.Tensor, options: GradientOptions, d: number): tf.Tensor2D {
  const shape = options.inputShape ?? [d];
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== d) throw new TrainlabError(`inputShape [${shape}] holds ${size} values but rows have ${d}.`);
  const input = shape.length === 1 ? x : x.reshape([x.shape[0], ...shape]);
  const out = typeof model === "function" ? model(input) : (layersModelOf(model, "explain").apply(input) as tf.Tensor);
  if (out.rank === 1) return out.reshape([out.shape[0], 1]) as tf.Tensor2D;
  if (out.rank !== 2) throw new TrainlabError(`The model returned rank ${out.rank} outputs; explainers need [n, k].`);
  return out as tf.Tensor2D;
}

export function _targets(model: TensorModel, X: number[][], options: GradientOptions, d: number): { columns: number[]; k: number } {
  const out = tf.tidy(() => _apply(model, tf.tensor2d(X), options, d).arraySync() as number[][]);
  const k = out[0].length;
  let output = options.output;
  if (output === undefined) output = k === 1 ? 0 : k === 2 ? 1 : "predicted";
  if (output === "predicted") {
    return { columns: out.map((r) => r.indexOf(Math.max(...r))), k };
  }
  if (!Number.isInteger(output) || output < 0 || output >= k) {
    throw new TrainlabError(`output ${output} does not exist; the model returns ${k} columns (0..${k - 1}).`);
  }
  return { columns: new Array(X.length).fill(output), k };
}

export function _onehot(columns: number[], k: number): tf.Tensor2D {
  // Built by hand: tf.oneHot refuses depth 1 (a single-output model).
  const values = new Float32Array(columns.length * k);
  columns.forEach((c, i) => (values[i * k + c] = 1));
  return tf.tensor2d(values, [columns.length, k]);
}
