import type * as aq from "arquero";
import { TrainlabError } from "../errors";

/** Options of {@link findDuplicates}. */
export interface DuplicateOptions {
  /** Columns that must match for two rows to be duplicates. Default: all columns. */
  columns?: string[];
}

/**
 * Row indexes that repeat an earlier row exactly (the first occurrence is kept, as pandas 1.5's
 * `DataFrame.duplicated(keep="first")`). Missing values (null, undefined, NaN) match each other;
 * Infinity and -Infinity are values like any other, distinct from each other and from missing;
 * 0 and -0 match. Unlike a pandas object column, where Python's `True == 1`, a boolean never
 * matches a number, and the number 1 never matches the string "1" (as in pandas).
 */
export function findDuplicates(table: aq.ColumnTable, options: DuplicateOptions = {}): number[] {
  const columns = options.columns ?? table.columnNames();
  const arrays = columns.map((c) => {
    if (!table.columnNames().includes(c)) throw new TrainlabError(`findDuplicates: no column "${c}" in the table.`);
    return table.array(c) as ArrayLike<unknown>;
  });
  const seen = new Set<string>();
  const out: number[] = [];
  for (let i = 0; i < table.numRows(); i++) {
    const key = JSON.stringify(arrays.map((a) => _cellKey(a[i])));
    if (seen.has(key)) out.push(i);
    else seen.add(key);
  }
  return out;
}

// One text per value, telling apart what pandas tells apart (JSON alone turns ±Infinity and NaN into null).
function _cellKey(v: unknown): string {
  if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "missing";
  if (typeof v === "number") return `n${v === 0 ? 0 : v}`;
  if (typeof v === "bigint") return `n${v}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  return `${(typeof v)[0]}${JSON.stringify(v)}`;
}

/** Options of {@link findNearDuplicates}. */
export interface NearDuplicateOptions {
  /** Pairs closer than this (Euclidean distance on the standardized features) are reported. Default 0.1. */
  threshold?: number;
  /** Standardize each feature (mean 0, std 1) first, so no feature dominates by its units. Default true. */
  standardize?: boolean;
}

/** A pair of rows that are nearly the same. */
export interface NearDuplicatePair {
  i: number;
  j: number;
  distance: number;
}

/**
 * Pairs of rows (i < j) whose feature vectors lie within `threshold` of each other: the near
 * copies (re-saved images, re-entered records) that exact matching misses. O(n²): fine for a
 * few thousand rows.
 */
export function findNearDuplicates(X: readonly (readonly number[])[], options: NearDuplicateOptions = {}): NearDuplicatePair[] {
  const threshold = options.threshold ?? 0.1;
  const n = X.length;
  if (n === 0) return [];
  const d = X[0].length;
  let rows = X as readonly (readonly number[])[];
  if (options.standardize ?? true) {
    const mu = new Array(d).fill(0);
    const sd = new Array(d).fill(0);
    for (const r of X) r.forEach((v, j) => (mu[j] += v / n));
    for (const r of X) r.forEach((v, j) => (sd[j] += ((v - mu[j]) * (v - mu[j])) / n));
    rows = X.map((r) => r.map((v, j) => (sd[j] > 0 ? (v - mu[j]) / Math.sqrt(sd[j]) : 0)));
  }
  const t2 = threshold * threshold;
  const out: NearDuplicatePair[] = [];
  for (let i = 0; i < n; i++) {
    const a = rows[i];
    for (let j = i + 1; j < n; j++) {
      const b = rows[j];
      // Inner loop inlined with an early exit: this is the O(n²·d) hot path.
      let s = 0;
      for (let k = 0; k < d && s <= t2; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
      if (s <= t2) out.push({ i, j, distance: Math.sqrt(s) });
    }
  }
  return out;
}
