import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { _checkRows } from "./predict";

/** A differentiable model: a tfjs LayersModel, or a function from an input tensor to outputs [n, k]. */
export type TensorModel = tf.LayersModel | ((x: tf.Tensor) => tf.Tensor);

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

/** Options of {@link saliency}. */
export interface SaliencyOptions extends GradientOptions {
  /** Return |gradient| (the usual saliency map) rather than the signed gradient. Default true. */
  absolute?: boolean;
}

/**
 * Gradient saliency (Simonyan et al., 2013): ∂f_c/∂x for each input, one row per row of X.
 * Cheap (one backward pass) but local: it says what would change the output, not what produced it.
 */
export function saliency(model: TensorModel, X: number[][], options: SaliencyOptions = {}): number[][] {
  const d = _checkRows(X, "saliency");
  const targets = _targets(model, X, options, d);
  const grads = tf.tidy(() => {
    const x = tf.tensor2d(X);
    const onehot = _onehot(targets.columns, targets.k);
    const g = tf.grad((inp: tf.Tensor) => tf.sum(tf.mul(_apply(model, inp, options, d), onehot)))(x);
    return (options.absolute ?? true ? tf.abs(g) : g).arraySync() as number[][];
  });
  return grads;
}

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions extends GradientOptions {
  /** The "absence of signal" input the path starts from. Default: all zeros. */
  baseline?: number[];
  /** Steps of the path integral (trapezoid rule); more steps, smaller completeness gap. Default 50. */
  steps?: number;
}

/** What {@link integratedGradients} returns. */
export interface IntegratedGradientsResult {
  /** `attributions[i][j]`: feature j's share of f(x_i) − f(baseline). */
  attributions: number[][];
  /** The explained output for each row, f(x_i). */
  prediction: number[];
  /** The same output at the baseline, f(baseline). */
  baselinePrediction: number[];
  /** Completeness check per row: Σ attributions − (f(x) − f(baseline)); ≈ 0 when steps suffice. */
  gap: number[];
  /** The largest |gap| relative to |f(x) − f(baseline)| over rows. */
  maxRelativeGap: number;
  /** The output column explained for each row. */
  output: number[];
}

/**
 * Integrated gradients (Sundararajan et al., 2017): (x − baseline) × the average gradient along
 * the straight path from baseline to x. Completeness: the attributions sum to
 * f(x) − f(baseline), and the remaining gap is reported. Exact for a linear model.
 */
export function integratedGradients(
  model: TensorModel,
  X: number[][],
  options: IntegratedGradientsOptions = {},
): IntegratedGradientsResult {
  const what = "integratedGradients";
  const d = _checkRows(X, what);
  const steps = options.steps ?? 50;
  if (!Number.isInteger(steps) || steps < 1) throw new TrainlabError(`${what}: steps must be a whole number ≥ 1; got ${steps}.`);
  const baseline = options.baseline ?? new Array(d).fill(0);
  if (baseline.length !== d) throw new TrainlabError(`${what}: baseline has ${baseline.length} values; rows have ${d}.`);
  const targets = _targets(model, X, options, d);
  const result: IntegratedGradientsResult = {
    attributions: [], prediction: [], baselinePrediction: [], gap: [], maxRelativeGap: 0, output: targets.columns,
  };
  // Trapezoid weights along α = 0, 1/m, …, 1.
  const alphaW = Array.from({ length: steps + 1 }, (_, k) => (k === 0 || k === steps ? 0.5 : 1) / steps);
  for (let i = 0; i < X.length; i++) {
    const c = targets.columns[i];
    const { attr, fx, fb } = tf.tidy(() => {
      const x = tf.tensor1d(X[i]);
      const b = tf.tensor1d(baseline);
      const alphas = tf.linspace(0, 1, steps + 1).reshape([steps + 1, 1]);
      const path = tf.add(b, tf.mul(alphas, tf.sub(x, b))) as tf.Tensor2D;
      const onehot = _onehot(new Array(steps + 1).fill(c), targets.k);
      const g = tf.grad((inp: tf.Tensor) => tf.sum(tf.mul(_apply(model, inp, options, d), onehot)))(path);
      const avg = tf.sum(tf.mul(g, tf.tensor2d(alphaW, [steps + 1, 1])), 0);
      const out = _apply(model, tf.stack([x, b]), options, d).arraySync() as number[][];
      return { attr: tf.mul(avg, tf.sub(x, b)).arraySync() as number[], fx: out[0][c], fb: out[1][c] };
    });
    const gap = attr.reduce((s, v) => s + v, 0) - (fx - fb);
    result.attributions.push(attr);
    result.prediction.push(fx);
    result.baselinePrediction.push(fb);
    result.gap.push(gap);
    const rel = Math.abs(gap) / Math.max(Math.abs(fx - fb), 1e-12);
    if (rel > result.maxRelativeGap) result.maxRelativeGap = rel;
  }
  return result;
}

function _apply(model: TensorModel, x: tf.Tensor, options: GradientOptions, d: number): tf.Tensor2D {
  const shape = options.inputShape ?? [d];
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== d) throw new TrainlabError(`inputShape [${shape}] holds ${size} values but rows have ${d}.`);
  const input = shape.length === 1 ? x : x.reshape([x.shape[0], ...shape]);
  const out = typeof model === "function" ? model(input) : (model.apply(input) as tf.Tensor);
  if (out.rank === 1) return out.reshape([out.shape[0], 1]) as tf.Tensor2D;
  if (out.rank !== 2) throw new TrainlabError(`The model returned rank ${out.rank} outputs; explainers need [n, k].`);
  return out as tf.Tensor2D;
}

function _targets(model: TensorModel, X: number[][], options: GradientOptions, d: number): { columns: number[]; k: number } {
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

function _onehot(columns: number[], k: number): tf.Tensor2D {
  // Built by hand: tf.oneHot refuses depth 1 (a single-output model).
  const values = new Float32Array(columns.length * k);
  columns.forEach((c, i) => (values[i * k + c] = 1));
  return tf.tensor2d(values, [columns.length, k]);
}
