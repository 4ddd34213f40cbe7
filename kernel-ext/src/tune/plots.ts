import { plot } from "../display";
import { HistoryFigureOptions, importanceFigure, optimizationHistoryFigure, sliceFigure } from "./figures";
import type { Study } from "./study";

/** Shows the optimisation history of one or more studies (see `optimizationHistoryFigure`). */
export function plotOptimizationHistory(studies: Study | Study[], options: HistoryFigureOptions = {}): void {
  const f = optimizationHistoryFigure(studies, options);
  plot(f.data, f.layout);
}

/** Shows how much each parameter mattered (see `paramImportances`). */
export function plotParamImportances(study: Study): void {
  const f = importanceFigure(study);
  plot(f.data, f.layout);
}

/** Shows the objective against each parameter, one panel per parameter (see `sliceFigure`). */
export function plotSlice(study: Study, params?: string[]): void {
  const f = sliceFigure(study, params);
  plot(f.data, f.layout);
}
