import { figure, Figure, Layout } from "../display";
import type { ValidationCurve } from "./validationCurve";

/** Options of {@link validationCurveFigure}. */
export interface ValidationCurveFigureOptions {
  /** Figure title. Default "Validation curve (best: SETTING)". */
  title?: string;
  /** Title of the x axis. Default "setting". */
  xTitle?: string;
  /** Plotly layout overrides (a log x axis, height, …). */
  layout?: Layout;
}

/** Mean training and validation accuracy against the setting swept (capacity, L2, dropout…). */
export function validationCurveFigure<P>(curve: ValidationCurve<P>, options: ValidationCurveFigureOptions = {}): Figure {
  return figure(curve.traces(), {
    title: options.title ?? `Validation curve (best: ${String(curve.best)})`,
    xaxis: { title: options.xTitle ?? "setting" },
    yaxis: { title: "accuracy" },
    ...options.layout,
  });
}
