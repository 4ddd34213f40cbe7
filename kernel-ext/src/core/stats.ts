import { TrainlabError } from "../errors";

/** Small numeric helpers (mean, std, quantile, missing values) shared by every chapter: skip missing values before calling them. */

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Standard deviation with `ddof` degrees of freedom removed (pandas uses 1, scipy's zscore 0). */
export function std(values: readonly number[], ddof = 1): number {
  const n = values.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / (n - ddof));
}

/**
 * Quantile with linear interpolation between order statistics, as NumPy 1.24's
 * `np.quantile(values, q)` (method "linear", the default of NumPy and pandas), computed with NumPy's
 * interpolation formula. Like NumPy, any NaN gives NaN: skip missing values first (pandas'
 * `Series.quantile` skips them itself). Where NumPy returns NaN because it multiplies an infinite
 * gap by 0 (e.g. q = 0.25 on [-Infinity, 1]), or overflows (the gap between ±1e308), this returns
 * the limit of the interpolation instead (-Infinity; the finite value); between -Infinity and
 * Infinity it is NaN. An empty list gives NaN (as pandas).
 */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new TrainlabError(`quantile: q must be between 0 and 1 (got ${q}).`);
  if (values.length === 0 || values.some(Number.isNaN)) return NaN;
  const sorted = values.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const t = pos - lo;
  const a = sorted[lo];
  if (t === 0 || lo + 1 >= sorted.length) return a;
  const b = sorted[lo + 1];
  if (a === b) return a;
  if (a === -Infinity) return b === Infinity ? NaN : a;
  if (b === Infinity) return b;
  const gap = b - a;
  if (!Number.isFinite(gap)) return a * (1 - t) + b * t;
  // NumPy's _lerp: from the nearer end, so the result stays between a and b.
  return t >= 0.5 ? b - gap * (1 - t) : a + gap * t;
}

/** True for null, undefined and NaN: what Trainlab counts as a missing value. */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}
