import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { _checkRows } from "./predict";
import { GradientOptions, TensorModel, _apply, _onehot, _targets } from "./tensorModel";

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

