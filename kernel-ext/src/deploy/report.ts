import { plot, table } from "../display";
import { TrainlabError } from "../errors";
import { ksTwoSample, type KsOptions } from "./ks";
import { psi, type PsiOptions } from "./psi";

/** Options for {@link driftReport}. */
export interface DriftReportOptions {
  /** PSI at or above this flags drift. Default 0.1 (Evidently's default threshold for PSI). */
  psiThreshold?: number;
  /** KS p-value below this flags drift. Default 0.05. */
  alpha?: number;
  /** Passed to {@link psi}. */
  psiOptions?: PsiOptions;
  /** Passed to {@link ksTwoSample}. */
  ksOptions?: KsOptions;
}

/** One feature's line in a {@link DriftReport}. */
export interface FeatureDrift {
  feature: string;
  psi: number;
  ksStatistic: number;
  ksPValue: number;
  /** PSI ≥ threshold. */
  psiDrift: boolean;
  /** KS p-value < alpha. */
  ksDrift: boolean;
  referenceSize: number;
  currentSize: number;
}

/** Drift of each feature between a reference sample and current traffic. */
export interface DriftReport {
  features: FeatureDrift[];
  /** Features flagged by PSI or KS. */
  drifted: string[];
  /** Shows the table of results and a figure: PSI per feature, and each feature's two histograms. */
  show(): void;
}

/**
 * Compares each feature's current values (e.g. `server.monitored()`) with its reference values
 * (the same features computed on training or validation data) with PSI and the two-sample KS test.
 */
export function driftReport(reference: Record<string, ArrayLike<number>>, current: Record<string, ArrayLike<number>>, options: DriftReportOptions = {}): DriftReport {
  const threshold = options.psiThreshold ?? 0.1;
  const alpha = options.alpha ?? 0.05;
  const names = Object.keys(reference).filter((k) => k in current);
  if (names.length === 0) {
    throw new TrainlabError(`reference (${Object.keys(reference).join(", ")}) and current (${Object.keys(current).join(", ")}) share no feature names; compute the same features on both.`);
  }
  const details = names.map((name) => {
    const p = psi(reference[name], current[name], options.psiOptions);
    const ks = ksTwoSample(reference[name], current[name], options.ksOptions);
    return {
      row: {
        feature: name,
        psi: p.psi,
        ksStatistic: ks.statistic,
        ksPValue: ks.pValue,
        psiDrift: p.psi >= threshold,
        ksDrift: ks.pValue < alpha,
        referenceSize: reference[name].length,
        currentSize: current[name].length,
      },
      bins: p,
    };
  });
  const features = details.map((d) => d.row);
  return {
    features,
    drifted: features.filter((f) => f.psiDrift || f.ksDrift).map((f) => f.feature),
    show() {
      table(features, { title: `Drift: PSI ≥ ${threshold} or KS p < ${alpha} flags a feature` });
      const traces: Record<string, unknown>[] = [
        { type: "bar", x: features.map((f) => f.feature), y: features.map((f) => f.psi), name: "PSI", marker: { color: features.map((f) => (f.psiDrift ? "#d62728" : "#1f77b4")) }, xaxis: "x", yaxis: "y", showlegend: false },
      ];
      const layout: Record<string, unknown> = {
        title: "Drift report: PSI per feature (red: drift), and reference vs current distributions",
        height: 340,
        grid: { rows: 1, columns: 1 + details.length, pattern: "independent" },
        shapes: [{ type: "line", xref: "x", yref: "y", x0: -0.5, x1: features.length - 0.5, y0: threshold, y1: threshold, line: { dash: "dash", color: "#d62728" } }],
        xaxis: { title: "feature" },
        yaxis: { title: "PSI" },
      };
      details.forEach((d, i) => {
        const axis = i + 2;
        const e = d.bins.edges;
        const centers = d.bins.categorical ? e : e.slice(0, -1).map((v, k) => (v + e[k + 1]) / 2);
        traces.push(
          { type: "bar", x: centers, y: d.bins.referenceShares, name: "reference", marker: { color: "#1f77b4" }, opacity: 0.6, xaxis: `x${axis}`, yaxis: `y${axis}`, showlegend: i === 0 },
          { type: "bar", x: centers, y: d.bins.currentShares, name: "current", marker: { color: "#ff7f0e" }, opacity: 0.6, xaxis: `x${axis}`, yaxis: `y${axis}`, showlegend: i === 0 },
        );
        layout[`xaxis${axis}`] = { title: d.row.feature };
        layout[`yaxis${axis}`] = { title: i === 0 ? "share" : "" };
      });
      layout.barmode = "overlay";
      plot(traces, layout);
    },
  };
}
