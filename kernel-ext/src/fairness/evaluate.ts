import { TrainlabError } from "../errors";
import { isFitted, Fitted } from "../core/protocols";
import { GroupLabel } from "./groups";
import { metricFrame, MetricFrame, MetricFrameOptions } from "./metricFrame";
import { demographicParityDifference, equalizedOddsDifference } from "./parity";

/** Options of {@link evaluate}. */
export interface EvaluateOptions extends MetricFrameOptions {
  /**
   * Decide 1 when the model's P(class 1) is at least this (needs `predictProba`). Default: the
   * model's own `predict` (its 0/1 decisions).
   */
  threshold?: number;
}

/** A fitted model's decisions on X and their fairness, group by group. */
export interface FairnessEvaluation {
  /** The 0/1 decisions the metrics were computed on, one per row of X. */
  yPred: number[];
  /** Metrics overall and per group (see {@link metricFrame}). */
  frame: MetricFrame;
  /** Largest gap in selection rate between groups (Fairlearn's definition). */
  demographicParityDifference: number;
  /** Larger of the TPR and FPR gaps between groups (Fairlearn's definition). */
  equalizedOddsDifference: number;
  /** The by-group table, as HTML. */
  toHTML(): string;
}

/**
 * Measures any fitted estimator's fairness on (X, yTrue, groups): predicts X (or thresholds
 * `predictProba`), then computes the metric frame and the parity differences on those decisions —
 * the same functions as `metricFrame(yTrue, yPred, groups)`, for a model instead of predictions.
 */
export async function evaluate(
  model: Fitted,
  X: number[][],
  yTrue: ArrayLike<number>,
  groups: ArrayLike<GroupLabel>,
  options: EvaluateOptions = {},
): Promise<FairnessEvaluation> {
  if (!isFitted(model)) {
    throw new TrainlabError("fairness.evaluate(model, X, yTrue, groups): model must be a fitted estimator (with predict), " +
      "e.g. await lab.data.logisticRegression().fit(X, y) or lab.train.estimator(model); for predictions use metricFrame(yTrue, yPred, groups).");
  }
  if (!Array.isArray(X) || X.length !== yTrue.length) {
    throw new TrainlabError(`fairness.evaluate: X must be rows (number[][]) with one row per label; got ${Array.isArray(X) ? X.length : typeof X} rows for ${yTrue.length} labels.`);
  }
  const yPred = await _decisions(model, X, options.threshold);
  const frame = metricFrame(yTrue, yPred, groups, { metrics: options.metrics });
  return {
    yPred,
    frame,
    demographicParityDifference: demographicParityDifference(yTrue, yPred, groups),
    equalizedOddsDifference: equalizedOddsDifference(yTrue, yPred, groups),
    toHTML: () => frame.toHTML(),
  };
}

async function _decisions(model: Fitted, X: number[][], threshold: number | undefined): Promise<number[]> {
  if (threshold === undefined) return Array.from(await model.predict(X));
  if (!(threshold >= 0 && threshold <= 1)) throw new TrainlabError(`fairness.evaluate: threshold must be a probability in [0, 1], got ${threshold}.`);
  if (!model.predictProba) {
    throw new TrainlabError("fairness.evaluate: a threshold needs P(class 1), but this model has no predictProba; leave threshold out to use its predict.");
  }
  const proba = await model.predictProba(X);
  return proba.map((p) => (p[1] >= threshold ? 1 : 0));
}
