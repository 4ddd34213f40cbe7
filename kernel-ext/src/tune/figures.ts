import { figure, Figure } from "../display";
import { TrainlabError } from "../errors";
import { paramImportances } from "./importance";
import type { Study } from "./study";

/** Options of `optimizationHistoryFigure`. */
export interface HistoryFigureOptions {
  /** x axis: "trial" (default) or "compute" (cumulative compute spent, in `step` units). */
  x?: "trial" | "compute";
}

/**
 * Optimisation history of one or more studies: each trial's value as a dot and the best value so
 * far as a line, against the trial number or the compute spent.
 */
export function optimizationHistoryFigure(studies: Study | Study[], options: HistoryFigureOptions = {}): Figure {
  const list = Array.isArray(studies) ? studies : [studies];
  const byCompute = options.x === "compute";
  const data: Record<string, unknown>[] = [];
  for (const study of list) {
    const h = study.history();
    const xs = h.map((p) => (byCompute ? p.computeSpent : p.trial));
    const done = h.filter((p) => p.state === "complete");
    const pruned = h.filter((p) => p.state === "pruned");
    const label = list.length > 1 ? `${study.name}: ` : "";
    data.push({
      type: "scatter", mode: "markers", name: `${label}trial value`,
      x: done.map((p) => (byCompute ? p.computeSpent : p.trial)), y: done.map((p) => p.value),
      marker: { size: 6, opacity: 0.6 },
    });
    if (pruned.length > 0) {
      data.push({
        type: "scatter", mode: "markers", name: `${label}pruned (last value)`,
        x: pruned.map((p) => (byCompute ? p.computeSpent : p.trial)), y: pruned.map((p) => p.value),
        marker: { size: 5, symbol: "x", opacity: 0.5 },
      });
    }
    data.push({ type: "scatter", mode: "lines", name: `${label}best so far`, x: xs, y: h.map((p) => p.best ?? null), line: { shape: "hv" } });
  }
  return figure(data, {
    title: { text: "Optimisation history" },
    xaxis: { title: { text: byCompute ? "compute spent (steps)" : "trial" } },
    yaxis: { title: { text: "objective value" } },
  });
}

/** Parameter importances (see `paramImportances`) as a horizontal bar chart. */
export function importanceFigure(study: Study): Figure {
  const imp = paramImportances(study).slice().reverse();
  return figure(
    [{ type: "bar", orientation: "h", x: imp.map((i) => i.importance), y: imp.map((i) => i.param) }],
    { title: { text: "Parameter importance (share of η²)" }, xaxis: { title: { text: "importance" }, range: [0, 1] }, margin: { l: 120 } },
  );
}

/**
 * Slice plot: for each parameter, the objective value of every complete trial against that
 * parameter's value (one panel per parameter; colour = trial number, so you can see where the
 * sampler went over time).
 */
export function sliceFigure(study: Study, params?: string[]): Figure {
  const trials = study.completeTrials;
  const names = params ?? [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  if (names.length === 0) throw new TrainlabError("sliceFigure: the study has no complete trial with parameters yet.");
  const gap = 0.04;
  const width = (1 - gap * (names.length - 1)) / names.length;
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = { title: { text: "Slice plot" }, showlegend: false, yaxis: { title: { text: "objective value" } } };
  names.forEach((name, i) => {
    const axis = i === 0 ? "" : String(i + 1);
    const rows = trials.filter((t) => name in t.params);
    const d = rows[0]?.distributions[name];
    data.push({
      type: "scatter", mode: "markers", name, xaxis: `x${axis}`, yaxis: "y",
      x: rows.map((t) => t.params[name]), y: rows.map((t) => t.value),
      marker: { color: rows.map((t) => t.number), colorscale: "Blues", size: 7, line: { width: 0.5, color: "#333" } },
    });
    layout[`xaxis${axis}`] = {
      domain: [i * (width + gap), i * (width + gap) + width],
      title: { text: name },
      type: d && d.kind !== "categorical" && d.log ? "log" : d?.kind === "categorical" ? "category" : "linear",
      anchor: "y",
    };
  });
  return figure(data, layout);
}
