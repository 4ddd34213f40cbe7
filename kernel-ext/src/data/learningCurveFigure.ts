import { figure, Figure, Layout } from "../display";
import type { LearningCurve } from "./learningCurve";

/** Options of {@link learningCurveFigure}. */
export interface LearningCurveFigureOptions {
  /** Figure title. Default "Learning curve". */
  title?: string;
  /** Plotly layout overrides (axis ranges, height, …). */
  layout?: Layout;
}

/** Mean training and validation accuracy against the number of training rows. */
export function learningCurveFigure(curve: LearningCurve, options: LearningCurveFigureOptions = {}): Figure {
  return figure(curve.traces(), { title: options.title ?? "Learning curve", xaxis: { title: "training rows" }, yaxis: { title: "accuracy" }, ...options.layout });
}
