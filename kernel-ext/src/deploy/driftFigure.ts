import { figure, Figure, Layout, Trace } from "../display";
import type { DriftReport } from "./report";

/** Options of {@link driftFigure}. */
export interface DriftFigureOptions {
  /** Figure title. Default: what the colours and panels mean. */
  title?: string;
  /** Height in pixels. Default 340. */
  height?: number;
}

/**
 * A drift report as one figure: PSI per feature (red where it flags drift, the threshold dashed),
 * then each feature's reference and current distributions side by side. Show the numbers with
 * `lab.table(report.features)`.
 */
export function driftFigure(report: DriftReport, options: DriftFigureOptions = {}): Figure {
  const { features, histograms } = report;
  const traces: Trace[] = [
    { type: "bar", x: features.map((f) => f.feature), y: features.map((f) => f.psi), name: "PSI", marker: { color: features.map((f) => (f.psiDrift ? "#d62728" : "#1f77b4")) }, xaxis: "x", yaxis: "y", showlegend: false },
  ];
  const layout: Layout = {
    title: options.title ?? "Drift report: PSI per feature (red: drift), and reference vs current distributions",
    height: options.height ?? 340,
    grid: { rows: 1, columns: 1 + histograms.length, pattern: "independent" },
    shapes: [{ type: "line", xref: "x", yref: "y", x0: -0.5, x1: features.length - 0.5, y0: report.psiThreshold, y1: report.psiThreshold, line: { dash: "dash", color: "#d62728" } }],
    xaxis: { title: "feature" },
    yaxis: { title: "PSI" },
    barmode: "overlay",
  };
  histograms.forEach((h, i) => {
    const axis = i + 2;
    traces.push(
      { type: "bar", x: h.centers, y: h.referenceShares, name: "reference", marker: { color: "#1f77b4" }, opacity: 0.6, xaxis: `x${axis}`, yaxis: `y${axis}`, showlegend: i === 0 },
      { type: "bar", x: h.centers, y: h.currentShares, name: "current", marker: { color: "#ff7f0e" }, opacity: 0.6, xaxis: `x${axis}`, yaxis: `y${axis}`, showlegend: i === 0 },
    );
    layout[`xaxis${axis}`] = { title: h.feature };
    layout[`yaxis${axis}`] = { title: i === 0 ? "share" : "" };
  });
  return figure(traces, layout);
}
