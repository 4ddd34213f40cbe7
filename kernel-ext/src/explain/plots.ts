import { figure, Figure } from "../display";
import { TrainlabError } from "../errors";
import type { KernelShapResult } from "./kernelShap";
import type { PartialDependenceResult } from "./partialDependence";
import type { PermutationImportanceResult } from "./permutationImportance";

/** Options of {@link importanceFigure}. */
export interface ImportanceFigureOptions {
  /** Show only the most important features. Default 15. */
  top?: number;
  /** Figure title. Default "Permutation importance". */
  title?: string;
}

/** Horizontal bars of mean importance with ±1 std error bars, most important on top. */
export function importanceFigure(result: PermutationImportanceResult, options: ImportanceFigureOptions = {}): Figure {
  const order = result.order.slice(0, options.top ?? 15).reverse();
  return figure(
    [{
      type: "bar", orientation: "h",
      x: order.map((j) => result.importancesMean[j]),
      y: order.map((j) => result.featureNames[j]),
      error_x: { type: "data", array: order.map((j) => result.importancesStd[j]), visible: true },
      name: "importance",
    }],
    {
      title: options.title ?? "Permutation importance",
      xaxis: { title: "score drop when the feature is shuffled" },
      margin: { l: 180, t: 48, r: 24, b: 48 },
      height: Math.max(260, 24 * order.length + 100),
    },
  );
}

/** Options of {@link waterfallFigure}. */
export interface WaterfallFigureOptions {
  /** Which explained row. Default 0. */
  row?: number;
  /** Show this many features by |SHAP value|; the rest are summed in one bar. Default 10. */
  top?: number;
  /** Figure title. */
  title?: string;
}

/** A waterfall for one prediction: from E[f] through each feature's SHAP value to f(x). */
export function waterfallFigure(result: KernelShapResult, options: WaterfallFigureOptions = {}): Figure {
  const row = options.row ?? 0;
  const v = result.values[row];
  if (!v) throw new TrainlabError(`waterfallFigure: row ${row} was not explained (${result.values.length} rows).`);
  const order = v.map((_, j) => j).sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]));
  const top = order.slice(0, options.top ?? 10);
  const rest = order.slice(options.top ?? 10);
  const labels = top.map((j) => result.featureNames[j]);
  const values = top.map((j) => v[j]);
  if (rest.length) {
    labels.push(`${rest.length} other features`);
    values.push(rest.reduce((s, j) => s + v[j], 0));
  }
  // Floating bars (plotly's cartesian bundle has no waterfall trace): each starts where the last ended.
  const starts: number[] = [];
  let acc = result.baseValue;
  for (const v of values) {
    starts.push(acc);
    acc += v;
  }
  const names = ["E[f] (base)", ...labels, "f(x)"];
  return figure(
    [{
      type: "bar", orientation: "h",
      y: names,
      x: [result.baseValue, ...values, result.prediction[row]],
      base: [0, ...starts, 0],
      marker: { color: ["#999", ...values.map((x) => (x >= 0 ? "#d62728" : "#1f77b4")), "#444"] },
      text: [result.baseValue, ...values, result.prediction[row]].map((x, i) => (i > 0 && i <= values.length && x >= 0 ? "+" : "") + x.toFixed(3)),
      textposition: "outside",
      hovertemplate: "%{y}: %{text}<extra></extra>",
    }],
    {
      title: options.title ?? `Why this prediction? f(x) = ${result.prediction[row].toFixed(3)}`,
      yaxis: { autorange: "reversed", type: "category" },
      xaxis: { title: "model output" },
      showlegend: false,
      margin: { l: 200, t: 48, r: 60, b: 48 },
      height: Math.max(280, 26 * names.length + 100),
    },
  );
}

/** Options of {@link saliencyFigure}. */
export interface SaliencyFigureOptions {
  /** Image width and height in pixels. Default: square (√d). */
  width?: number;
  height?: number;
  /** Titles above each map. */
  titles?: string[];
  /** Figure title. */
  title?: string;
  /** Colour scale of the maps. Default "Hot" for ≥ 0 maps, "RdBu" when values have both signs. */
  colorscale?: string;
}

/**
 * Heatmaps side by side: each row of `maps` (e.g. an image, its saliency, its integrated
 * gradients) drawn as a width × height picture, top row of pixels at the top.
 */
export function saliencyFigure(maps: number[][], options: SaliencyFigureOptions = {}): Figure {
  if (!maps.length) throw new TrainlabError("saliencyFigure: no maps to draw.");
  const d = maps[0].length;
  const w = options.width ?? Math.round(Math.sqrt(d));
  const h = options.height ?? d / w;
  if (!Number.isInteger(h) || w * h !== d) throw new TrainlabError(`saliencyFigure: ${d} values do not make a ${w} × ${h} image; pass width and height.`);
  const k = maps.length;
  const traces = maps.map((m, i) => {
    const z = Array.from({ length: h }, (_, r) => m.slice(r * w, (r + 1) * w));
    const signed = m.some((x) => x < 0) && m.some((x) => x > 0);
    const lim = Math.max(...m.map(Math.abs)) || 1;
    return {
      type: "heatmap", z, xaxis: `x${i + 1}`, yaxis: `y${i + 1}`, showscale: false,
      colorscale: options.colorscale ?? (signed ? "RdBu" : "Hot"),
      reversescale: !options.colorscale && !signed,
      ...(signed ? { zmin: -lim, zmax: lim, zmid: 0 } : {}),
    };
  });
  const layout: Record<string, unknown> = {
    title: options.title ?? "",
    height: 260,
    width: Math.max(300, 220 * k),
    annotations: (options.titles ?? []).map((t, i) => ({
      text: t, showarrow: false, xref: "paper", yref: "paper", x: (i + 0.5) / k, y: 1.08, xanchor: "center",
    })),
  };
  for (let i = 0; i < k; i++) {
    layout[`xaxis${i + 1}`] = { domain: [i / k + 0.01, (i + 1) / k - 0.01], showticklabels: false, anchor: `y${i + 1}` };
    layout[`yaxis${i + 1}`] = { autorange: "reversed", showticklabels: false, scaleanchor: `x${i + 1}`, anchor: `x${i + 1}` };
  }
  return figure(traces, layout);
}

/** Partial dependence (thick) over a few ICE curves (thin): how the prediction moves with one feature. */
export function partialDependenceFigure(result: PartialDependenceResult, options: { featureName?: string; ice?: number } = {}): Figure {
  const ice = result.individual.slice(0, options.ice ?? 20).map((row) => ({
    type: "scatter", mode: "lines", x: result.grid, y: row, line: { width: 1, color: "rgba(100,100,100,0.3)" }, showlegend: false, hoverinfo: "skip",
  }));
  return figure(
    [...ice, { type: "scatter", mode: "lines", x: result.grid, y: result.average, line: { width: 3, color: "#d62728" }, name: "average (PD)" }],
    { title: `Partial dependence on ${options.featureName ?? `x${result.feature}`}`, xaxis: { title: options.featureName ?? `x${result.feature}` }, yaxis: { title: "prediction" } },
  );
}
