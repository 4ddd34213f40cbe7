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

/** One feature's line in a {@link DriftReport} (a type, not an interface, so that `lab.table(report.features)` accepts it). */
export type FeatureDrift = {
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
};

/** Drift of each feature between a reference sample and current traffic. */
export interface DriftReport {
  features: FeatureDrift[];
  /** Features flagged by PSI or KS. */
  drifted: string[];
  /** The PSI threshold and the KS significance level the flags used. */
  psiThreshold: number;
  alpha: number;
  /** Each feature's binned reference and current shares (PSI's bins), for {@link driftFigure}. */
  histograms: FeatureHistogram[];
}

/** One feature's reference and current distributions over PSI's bins. */
export interface FeatureHistogram {
  feature: string;
  /** Bin centres (numeric features) or the categories. */
  centers: number[];
  referenceShares: number[];
  currentShares: number[];
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
    psiThreshold: threshold,
    alpha,
    histograms: details.map((d) => ({
      feature: d.row.feature,
      centers: d.bins.categorical ? d.bins.edges : d.bins.edges.slice(0, -1).map((v, k) => (v + d.bins.edges[k + 1]) / 2),
      referenceShares: d.bins.referenceShares,
      currentShares: d.bins.currentShares,
    })),
  };
}
