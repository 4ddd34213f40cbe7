import { TrainlabError } from "../errors";

/** Options for {@link psi}. */
export interface PsiOptions {
  /**
   * "sturges" (default, Evidently's numerical binning): equal-width bins over the combined reference
   * and current values, as many as numpy's `histogram_bin_edges(..., bins="sturges")` gives; or a
   * number of equal-width bins over the same range (older Evidently releases used 30).
   */
  bins?: "sturges" | number;
  /** Treat the feature as categorical (one bin per distinct value). Default: when the reference has at most 20 distinct values, as Evidently does. */
  categorical?: boolean;
}

/** PSI and the binned shares it was computed from. */
export interface PsiResult {
  /** Population Stability Index: Σ (ref − cur) · ln(ref / cur) over the bins. */
  psi: number;
  /** Bin edges (numerical) — `edges.length === referenceShares.length + 1` — or the category values. */
  edges: number[];
  /** Share of reference values per bin, after Evidently's replacement of empty bins. */
  referenceShares: number[];
  /** Share of current values per bin, after the same replacement. */
  currentShares: number[];
  categorical: boolean;
}

/**
 * Population Stability Index between a reference sample (training data) and a current sample
 * (what the server sees), following Evidently's `psi` stat test (`calculations/stattests/psi.py` and
 * `get_binned_data` in `stattests/utils.py`, evidentlyai/evidently): for a numerical feature with more
 * than 20 distinct reference values, equal-width bins (numpy's Sturges rule) over both samples together;
 * otherwise one bin per category. Empty bins get a small share instead of 0 — 0.0001, or a millionth of
 * the smallest non-empty share when that is ≤ 0.0001 — so the logarithm stays finite. Evidently flags
 * drift at PSI ≥ 0.1.
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const ref = _finite(reference, "reference");
  const cur = _finite(current, "current");
  const categorical = options.categorical ?? new Set(ref).size <= 20;
  let edges: number[];
  let refCounts: number[];
  let curCounts: number[];
  if (categorical) {
    edges = [...new Set([...ref, ...cur])];
    const index = new Map(edges.map((v, i) => [v, i]));
    refCounts = new Array(edges.length).fill(0);
    curCounts = new Array(edges.length).fill(0);
    for (const v of ref) refCounts[index.get(v)!]++;
    for (const v of cur) curCounts[index.get(v)!]++;
  } else {
    edges = histogramBinEdges([...ref, ...cur], options.bins ?? "sturges");
    refCounts = histogram(ref, edges);
    curCounts = histogram(cur, edges);
  }
  const referenceShares = _fillZeroes(refCounts.map((c) => c / ref.length));
  const currentShares = _fillZeroes(curCounts.map((c) => c / cur.length));
  let value = 0;
  for (let i = 0; i < referenceShares.length; i++) {
    value += (referenceShares[i] - currentShares[i]) * Math.log(referenceShares[i] / currentShares[i]);
  }
  return { psi: value, edges, referenceShares, currentShares, categorical };
}

/**
 * Equal-width bin edges over the range of `values`, as numpy's `histogram_bin_edges`: `bins` edges
 * computed as `start + i * step` with the last edge exactly the maximum; "sturges" picks
 * ceil(range / (range / (log2(n) + 1))) bins. A constant sample gets the range [v − 0.5, v + 0.5].
 */
export function histogramBinEdges(values: ArrayLike<number>, bins: "sturges" | number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  const ptp = hi - lo;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  let count: number;
  if (bins === "sturges") {
    const width = ptp / (Math.log2(values.length) + 1);
    count = width > 0 ? Math.ceil((hi - lo) / width) : 1;
  } else {
    if (!Number.isInteger(bins) || bins < 1) throw new TrainlabError(`bins must be "sturges" or a positive integer (got ${bins}).`);
    count = bins;
  }
  const step = (hi - lo) / count;
  const edges = Array.from({ length: count + 1 }, (_, i) => i * step + lo);
  edges[count] = hi;
  return edges;
}

/** Counts per bin as numpy's `histogram`: [e_i, e_{i+1}) except the last bin, which includes its right edge; values outside are dropped. */
export function histogram(values: ArrayLike<number>, edges: number[]): number[] {
  const counts = new Array(edges.length - 1).fill(0);
  const last = edges.length - 1;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v < edges[0] || v > edges[last]) continue;
    if (v === edges[last]) {
      counts[last - 1]++;
      continue;
    }
    // Binary search: the last edge <= v.
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
}

function _fillZeroes(shares: number[]): number[] {
  const nonZero = shares.filter((s) => s !== 0);
  if (nonZero.length === 0) return shares;
  const smallest = Math.min(...nonZero);
  const fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  return shares.map((s) => (s === 0 ? fill : s));
}

function _finite(values: ArrayLike<number>, name: string): number[] {
  const out = Array.from(values);
  if (out.length === 0) throw new TrainlabError(`The ${name} sample is empty; PSI needs values on both sides.`);
  const bad = out.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0) throw new TrainlabError(`The ${name} sample has a non-finite value at index ${bad} (${out[bad]}); drop or impute missing values first.`);
  return out;
}
