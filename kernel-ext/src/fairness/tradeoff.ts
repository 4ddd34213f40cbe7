import { GroupLabel } from "./groups";
import { groupThresholds, ThresholdConstraint } from "./thresholds";

/** Options of {@link tradeoffCurve}. */
export interface TradeoffOptions {
  /** Which parity to trade accuracy for. Required. */
  constraint: ThresholdConstraint;
  /** Tolerances to try, from strict to loose. Default [0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1]. */
  tolerances?: number[];
  /** Passed to {@link groupThresholds}. Default 101. */
  maxCandidates?: number;
}

/** One point of the accuracy/fairness trade-off. */
export interface TradeoffPoint {
  tolerance: number;
  accuracy: number;
  disparity: number;
  thresholds: Record<string, number>;
}

/**
 * The accuracy/fairness trade-off: the best accuracy reachable with per-group thresholds at
 * each allowed disparity. Tolerance 1 puts no constraint: each group gets its most accurate
 * threshold. Reading it: how much accuracy does each step toward parity cost, on this data?
 */
export function tradeoffCurve(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  groups: ArrayLike<GroupLabel>,
  options: TradeoffOptions,
): TradeoffPoint[] {
  const tolerances = options.tolerances ?? [0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1];
  return tolerances.map((tolerance) => {
    const r = groupThresholds(yTrue, scores, groups, { constraint: options.constraint, tolerance, maxCandidates: options.maxCandidates });
    return { tolerance, accuracy: r.accuracy, disparity: r.disparity, thresholds: r.thresholds };
  });
}
