export { selectionRate, truePositiveRate, falsePositiveRate, falseNegativeRate, accuracy, count, confusionCounts } from "./rates";
export type { BaseMetric } from "./rates";
export { metricFrame } from "./metricFrame";
export type { MetricFrame, MetricFrameOptions, CompareMethod } from "./metricFrame";
export {
  demographicParityDifference, demographicParityRatio, equalizedOddsDifference, equalizedOddsRatio, disparateImpact,
} from "./parity";
export type { ParityOptions, DisparateImpactOptions, DisparateImpactResult } from "./parity";
export { reweigh } from "./reweigh";
export type { ReweighResult } from "./reweigh";
export { groupThresholds } from "./thresholds";
export type { GroupThresholdsOptions, GroupThresholdsResult, ThresholdConstraint } from "./thresholds";
export { tradeoffCurve } from "./tradeoff";
export type { TradeoffOptions, TradeoffPoint } from "./tradeoff";
export type { GroupLabel } from "./groups";
export { groupFigure, plotGroups, tradeoffFigure, plotTradeoff } from "./plots";
export type { TradeoffFigureOptions } from "./plots";
