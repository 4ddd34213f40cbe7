import { figure, Figure } from "../display";
import type { MetricFrame } from "./metricFrame";
import type { TradeoffPoint } from "./tradeoff";

/** Grouped bars: each metric (x) for each group (one colour per group), with the overall value as a marker. */
export function groupFigure(frame: MetricFrame, options: { metrics?: string[]; title?: string } = {}): Figure {
  const metrics = options.metrics ?? frame.metrics.filter((m) => m !== "count");
  const traces: Record<string, unknown>[] = frame.byGroup.map((row) => ({
    type: "bar", name: String(row.group), x: metrics, y: metrics.map((m) => row[m]),
  }));
  traces.push({ type: "scatter", mode: "markers", name: "overall", x: metrics, y: metrics.map((m) => frame.overall[m]), marker: { symbol: "line-ew-open", size: 30, color: "black" } });
  return figure(traces, { title: options.title ?? "Metrics by group", barmode: "group", yaxis: { title: "rate", range: [0, 1] } });
}

/** Options of {@link tradeoffFigure}. */
export interface TradeoffFigureOptions {
  title?: string;
  /** Label of the x axis. Default "disparity (0 = parity)". */
  disparityName?: string;
  /** Curves drawn as points only, e.g. test-set evaluations, where joining them would suggest a frontier. */
  markersOnly?: string[];
}

/** One curve per named trade-off: accuracy (y) against achieved disparity (x). */
export function tradeoffFigure(curves: Record<string, TradeoffPoint[]>, options: TradeoffFigureOptions = {}): Figure {
  const traces = Object.entries(curves).map(([name, pts]) => ({
    type: "scatter", mode: options.markersOnly?.includes(name) ? "markers" : "lines+markers", name,
    x: pts.map((p) => p.disparity), y: pts.map((p) => p.accuracy),
    text: pts.map((p) => `tolerance ${p.tolerance}`),
  }));
  return figure(traces, {
    title: options.title ?? "Accuracy / fairness trade-off",
    xaxis: { title: options.disparityName ?? "disparity (0 = parity)" },
    yaxis: { title: "accuracy" },
  });
}
