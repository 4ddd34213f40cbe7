import { GroupLabel } from "./groups";
import { CompareMethod, metricFrame } from "./metricFrame";
import { falsePositiveRate, selectionRate, truePositiveRate } from "./rates";

/** Options of the parity metrics. */
export interface ParityOptions {
  /** "between_groups" (default, Fairlearn's default) or "to_overall". */
  method?: CompareMethod;
}

/**
 * Demographic parity difference (Fairlearn): the largest gap in selection rate P(ŷ = 1)
 * between groups. 0 means every group is selected at the same rate. yTrue is not used.
 */
export function demographicParityDifference(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, groups: ArrayLike<GroupLabel>, options: ParityOptions = {},
): number {
  return metricFrame(yTrue, yPred, groups, { metrics: { selectionRate } }).difference(options.method).selectionRate;
}

/** Demographic parity ratio (Fairlearn): smallest selection rate / largest. 1 means parity. */
export function demographicParityRatio(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, groups: ArrayLike<GroupLabel>, options: ParityOptions = {},
): number {
  return metricFrame(yTrue, yPred, groups, { metrics: { selectionRate } }).ratio(options.method).selectionRate;
}

/**
 * Equalized odds difference (Fairlearn v0.14.0, agg "worst_case"): the larger of the between-group
 * differences in true positive rate and in false positive rate. 0 means errors fall alike on every
 * group. A group with no positives (or no negatives) has TPR (FPR) 0, as in Fairlearn.
 */
export function equalizedOddsDifference(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, groups: ArrayLike<GroupLabel>, options: ParityOptions = {},
): number {
  const d = metricFrame(yTrue, yPred, groups, { metrics: { truePositiveRate, falsePositiveRate } }).difference(options.method);
  // Fairlearn takes Python's max over (TPR, FPR): a NaN TPR entry wins, a NaN FPR entry loses.
  return d.falsePositiveRate > d.truePositiveRate ? d.falsePositiveRate : d.truePositiveRate;
}

/** Equalized odds ratio (Fairlearn): the smaller of the TPR ratio and the FPR ratio. 1 means equal odds. */
export function equalizedOddsRatio(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, groups: ArrayLike<GroupLabel>, options: ParityOptions = {},
): number {
  const r = metricFrame(yTrue, yPred, groups, { metrics: { truePositiveRate, falsePositiveRate } }).ratio(options.method);
  // Python's min over (TPR, FPR), as Fairlearn: 0/0 ratios (NaN) are kept when they come first.
  return r.falsePositiveRate < r.truePositiveRate ? r.falsePositiveRate : r.truePositiveRate;
}

