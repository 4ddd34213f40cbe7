import { TrainlabError } from "../errors";
import { Predictor, predictMatrix, _checkRows, _outputColumn } from "./predict";

/** Options of {@link partialDependence}. */
export interface PartialDependenceOptions {
  /** The feature (column index) to vary. Required. */
  feature: number;
  /** How many grid points between the percentiles. Default 100 (as scikit-learn). */
  gridResolution?: number;
  /** Where the grid starts and ends, as quantiles of the feature. Default [0.05, 0.95] (as scikit-learn). */
  percentiles?: [number, number];
  /** Use these grid values instead of computing them. */
  grid?: number[];
  /** Which output column to average (default: the only one, or column 1 of two = the positive class). */
  output?: number;
}

/** What {@link partialDependence} computed. */
export interface PartialDependenceResult {
  feature: number;
  /** The values the feature was set to. */
  grid: number[];
  /** Mean prediction over all rows at each grid value (the partial dependence curve). */
  average: number[];
  /** `individual[i][g]`: row i's prediction with the feature set to grid[g] (ICE curves). */
  individual: number[][];
}

/**
 * Partial dependence, scikit-learn's 'brute' method: set one feature to each grid value in
 * every row, predict, and average. The grid is the feature's unique values when there are
 * fewer than `gridResolution`, otherwise evenly spaced between two quantiles computed as
 * scikit-learn 1.2 does (scipy's mquantiles, alphap = betap = 0.4; numpy's linspace). One
 * difference: scikit-learn refuses a feature whose two quantiles pass `np.allclose` (relative
 * tolerance 1e-5), which turns away any spread-out feature far from 0, e.g. 1e6 + N(0, 1);
 * Trainlab refuses only quantiles that are exactly equal.
 */
export function partialDependence(
  predict: Predictor,
  X: number[][],
  options: PartialDependenceOptions,
): PartialDependenceResult {
  const what = "partialDependence";
  const d = _checkRows(X, what);
  const feature = options?.feature;
  if (!Number.isInteger(feature) || feature < 0 || feature >= d) {
    throw new TrainlabError(`${what}: options.feature must be a column index in 0..${d - 1}; got ${feature}.`);
  }
  const grid = options.grid ?? featureGrid(X.map((r) => r[feature]), options);
  const n = X.length;
  const individual: number[][] = Array.from({ length: n }, () => new Array(grid.length));
  const average: number[] = [];
  const rows = X.map((r) => r.slice());
  let col = -1;
  for (let g = 0; g < grid.length; g++) {
    for (let i = 0; i < n; i++) rows[i][feature] = grid[g];
    const out = predictMatrix(predict, rows);
    if (col < 0) col = _outputColumn(out[0].length, options.output, what);
    let s = 0;
    for (let i = 0; i < n; i++) {
      individual[i][g] = out[i][col];
      s += out[i][col];
    }
    average.push(s / n);
  }
  return { feature, grid, average, individual };
}

/** The grid scikit-learn's partial dependence uses for one feature's values. */
export function featureGrid(
  values: number[],
  options: { gridResolution?: number; percentiles?: [number, number] } = {},
): number[] {
  const resolution = options.gridResolution ?? 100;
  const [lo, hi] = options.percentiles ?? [0.05, 0.95];
  if (!(lo >= 0 && hi <= 1 && lo < hi)) {
    throw new TrainlabError(`featureGrid: percentiles must satisfy 0 ≤ low < high ≤ 1; got [${lo}, ${hi}].`);
  }
  if (!Number.isInteger(resolution) || resolution < 2) {
    throw new TrainlabError(`featureGrid: gridResolution must be a whole number ≥ 2; got ${resolution}.`);
  }
  const sorted = values.slice().sort((a, b) => a - b);
  const uniques = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  if (uniques.length < resolution) return uniques;
  const a = mquantile(sorted, lo);
  const b = mquantile(sorted, hi);
  // scikit-learn refuses np.allclose(a, b), whose relative tolerance (1e-5) also rejects a spread
  // feature far from 0 (1e6 + N(0, 1)); Trainlab refuses only a zero-width grid.
  if (a === b) throw new TrainlabError("featureGrid: the two percentiles are equal; widen `percentiles`.");
  // np.linspace: start + g·step, the last point exactly the end.
  const step = (b - a) / (resolution - 1);
  return Array.from({ length: resolution }, (_, g) => (g === resolution - 1 ? b : g * step + a));
}

/** scipy.stats.mstats.mquantiles with its defaults (alphap = betap = 0.4), on sorted data. */
export function mquantile(sorted: number[], p: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0];
  const m = 0.4 + p * (1 - 0.4 - 0.4);
  const aleph = n * p + m;
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return (1 - gamma) * sorted[k - 1] + gamma * sorted[k];
}
