import { TrainlabError } from "../errors";
import type { Study } from "./study";

/** Options of `paramImportances`. */
export interface ParamImportanceOptions {
  /** Parameters to rate (default: every parameter of the complete trials). */
  params?: string[];
  /** Numeric parameters are cut into this many equal-count bins (by rank). Default 4. */
  bins?: number;
}

/** How much of the objective's variation one parameter explains. */
export type ParamImportance = {
  param: string;
  /** Share of the total, in [0, 1]; all importances add up to 1. */
  importance: number;
  /** The raw correlation ratio η² (between-bin variance / total variance), in [0, 1]. */
  etaSquared: number;
};

/**
 * Rates each parameter by the correlation ratio η²: group the complete trials by the parameter's
 * value (categories as they are, numbers in `bins` equal-count bins), and measure how much of
 * the objective's variance lies between the groups' means. The η² are then scaled to sum to 1.
 * A cheap, documented stand-in for fANOVA: it sees main effects only, not interactions, and needs
 * a few trials per bin to mean anything; trust differences, not third decimals.
 */
export function paramImportances(study: Study, options: ParamImportanceOptions = {}): ParamImportance[] {
  const trials = study.completeTrials;
  if (trials.length < 2) throw new TrainlabError("paramImportances: need at least 2 complete trials; run more trials first.");
  const nBins = options.bins ?? 4;
  const names = options.params ?? [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const raw = names.map((param) => {
    const rows = trials.filter((t) => param in t.params);
    const y = rows.map((t) => t.value!);
    const groups = _groups(rows.map((t) => t.params[param]), nBins);
    return { param, etaSquared: _etaSquared(y, groups) };
  });
  const total = raw.reduce((s, r) => s + r.etaSquared, 0);
  return raw
    .map((r) => ({ ...r, importance: total > 0 ? r.etaSquared / total : 1 / raw.length }))
    .sort((a, b) => b.importance - a.importance);
}

/** A group label per value: the category itself, or the equal-count bin of a number's rank. */
function _groups(values: unknown[], nBins: number): string[] {
  const numeric = values.every((v) => typeof v === "number");
  if (!numeric || new Set(values).size <= nBins) return values.map((v) => JSON.stringify(v));
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const labels = new Array<string>(values.length);
  order.forEach((i, rank) => (labels[i] = String(Math.floor((rank * nBins) / values.length))));
  return labels;
}

function _etaSquared(y: number[], groups: string[]): number {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const total = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  if (total === 0) return 0;
  const sums = new Map<string, [number, number]>();
  y.forEach((v, i) => {
    const s = sums.get(groups[i]) ?? [0, 0];
    sums.set(groups[i], [s[0] + v, s[1] + 1]);
  });
  let between = 0;
  for (const [sum, n] of sums.values()) between += n * (sum / n - mean) ** 2;
  return between / total;
}
