/**
 * Base metrics on binary labels (0/1), each `(yTrue, yPred) => number`, with Fairlearn's
 * definitions (fairlearn v0.14.0, `fairlearn/metrics/_base_metrics.py`). A rate whose denominator
 * is empty (e.g. TPR of a group with no positives) is 0, not NaN: Fairlearn reads the rates off
 * scikit-learn's `confusion_matrix(..., normalize="true")`, which turns an empty row into zeros.
 */
import { accuracy as coreAccuracy } from "../core/metrics";
export type BaseMetric = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>) => number;

/** Confusion counts with 1 as the positive label (sklearn's confusion_matrix, ravelled: tn, fp, fn, tp). */
export function confusionCounts(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): { tn: number; fp: number; fn: number; tp: number } {
  let tn = 0, fp = 0, fn = 0, tp = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) yPred[i] === 1 ? tp++ : fn++;
    else yPred[i] === 1 ? fp++ : tn++;
  }
  return { tn, fp, fn, tp };
}

/** Fraction of rows predicted positive, P(ŷ = 1). yTrue is ignored (kept for one signature). */
export const selectionRate: BaseMetric = (_yTrue, yPred) => {
  let s = 0;
  for (let i = 0; i < yPred.length; i++) s += yPred[i] === 1 ? 1 : 0;
  return s / yPred.length;
};

/** True positive rate (recall), P(ŷ = 1 | y = 1) = tp / (tp + fn); 0 when there are no positives (Fairlearn). */
export const truePositiveRate: BaseMetric = (yTrue, yPred) => {
  const c = confusionCounts(yTrue, yPred);
  return _rowShare(c.tp, c.tp + c.fn);
};

/** False positive rate, P(ŷ = 1 | y = 0) = fp / (fp + tn); 0 when there are no negatives (Fairlearn). */
export const falsePositiveRate: BaseMetric = (yTrue, yPred) => {
  const c = confusionCounts(yTrue, yPred);
  return _rowShare(c.fp, c.fp + c.tn);
};

/** False negative rate, P(ŷ = 0 | y = 1) = fn / (tp + fn); 0 when there are no positives (Fairlearn). */
export const falseNegativeRate: BaseMetric = (yTrue, yPred) => {
  const c = confusionCounts(yTrue, yPred);
  return _rowShare(c.fn, c.tp + c.fn);
};

// One cell of a row-normalised confusion matrix; sklearn's nan_to_num makes an empty row 0.
function _rowShare(cell: number, row: number): number {
  return row === 0 ? 0 : cell / row;
}

/** Fraction of rows predicted correctly (the core's one accuracy). */
export const accuracy: BaseMetric = coreAccuracy;

/** Number of rows (useful as a column of a metric frame). */
export const count: BaseMetric = (yTrue) => yTrue.length;
