import type * as aq from "arquero";
import { TrainlabError } from "../errors";
import { isMissing, quantile } from "../core/stats";

/** Rows as arrays of values: an arquero table (optionally some columns) or an array of rows. */
export type Rows = aq.ColumnTable | readonly (readonly unknown[])[];

/** Options of {@link findOverlap}. */
export interface OverlapOptions {
  /** Table columns compared (tables only). Default: every column both tables share. */
  columns?: string[];
}

/** Rows of one split that also occur in another. */
export interface Overlap {
  /** Indexes of rows in `b` that equal some row of `a`. */
  rows: number[];
  /** Every matching pair [index in a, index in b]. */
  pairs: [number, number][];
}

/**
 * Finds rows of `b` (e.g. the test split) that also appear in `a` (the training split): a
 * model scored on rows it trained on looks better than it is.
 */
export function findOverlap(a: Rows, b: Rows, options: OverlapOptions = {}): Overlap {
  let columns = options.columns;
  if (!Array.isArray(a) && !Array.isArray(b) && !columns) {
    const bNames = (b as aq.ColumnTable).columnNames();
    columns = (a as aq.ColumnTable).columnNames().filter((c) => bNames.includes(c));
  }
  const keysA = rowKeys(a, columns);
  const keysB = rowKeys(b, columns);
  const index = new Map<string, number[]>();
  keysA.forEach((k, i) => {
    if (!index.has(k)) index.set(k, []);
    (index.get(k) as number[]).push(i);
  });
  const pairs: [number, number][] = [];
  const rows: number[] = [];
  keysB.forEach((k, j) => {
    const hits = index.get(k);
    if (!hits) return;
    rows.push(j);
    for (const i of hits) pairs.push([i, j]);
  });
  return { rows, pairs };
}

/** Options of {@link targetLeakage}. */
export interface TargetLeakageOptions {
  /** The label column. */
  target: string;
  /** A single feature scoring at least this accuracy is flagged as suspicious. Default 0.95. */
  threshold?: number;
  /** Numeric features with more distinct values than this are cut into this many quantile bins. Default 10. */
  bins?: number;
}

/** How well one feature alone predicts the label. */
export interface FeatureLeakage {
  feature: string;
  /** Held-out accuracy of "predict the most common label for this feature value" (two-fold). */
  score: number;
  /** Accuracy of always predicting the most common label: what a useless feature scores. */
  baseline: number;
  /** score >= threshold: this feature may be a copy or consequence of the label. */
  suspicious: boolean;
}

/**
 * Scores every feature by how well it predicts the label *on its own*: for each value (or
 * quantile bin) predict the majority label seen in one half of the rows, score on the other
 * half, and average the two ways round. A feature that alone predicts the label almost
 * perfectly is usually leaked from the label (recorded after the outcome), not a real signal.
 */
export function targetLeakage(table: aq.ColumnTable, options: TargetLeakageOptions): FeatureLeakage[] {
  const names = table.columnNames();
  if (!names.includes(options.target)) throw new TrainlabError(`targetLeakage: no column "${options.target}" in the table.`);
  const threshold = options.threshold ?? 0.95;
  const bins = options.bins ?? 10;
  const y = Array.from(table.array(options.target) as ArrayLike<unknown>, (v) => String(v));
  const baseline = majorityShare(y);
  const out: FeatureLeakage[] = [];
  for (const feature of names) {
    if (feature === options.target) continue;
    const keys = featureKeys(Array.from(table.array(feature) as ArrayLike<unknown>), bins);
    const score = (halfScore(keys, y, 0) + halfScore(keys, y, 1)) / 2;
    out.push({ feature, score, baseline, suspicious: score >= threshold });
  }
  return out.sort((p, q) => q.score - p.score);
}

function featureKeys(values: unknown[], bins: number): string[] {
  const nums = values.filter((v) => typeof v === "number" && !isMissing(v)) as number[];
  if (nums.length === values.filter((v) => !isMissing(v)).length && new Set(nums).size > bins) {
    const cuts = Array.from({ length: bins - 1 }, (_, i) => quantile(nums, (i + 1) / bins));
    return values.map((v) => (isMissing(v) ? "missing" : `bin${cuts.filter((c) => (v as number) > c).length}`));
  }
  return values.map((v) => (isMissing(v) ? "missing" : String(v)));
}

/** Learn value -> majority label on rows with i % 2 === fitParity, score on the others. */
function halfScore(keys: string[], y: string[], fitParity: number): number {
  const table = new Map<string, Map<string, number>>();
  const fitLabels: string[] = [];
  keys.forEach((k, i) => {
    if (i % 2 !== fitParity) return;
    fitLabels.push(y[i]);
    if (!table.has(k)) table.set(k, new Map());
    const m = table.get(k) as Map<string, number>;
    m.set(y[i], (m.get(y[i]) ?? 0) + 1);
  });
  const fallback = majority(fitLabels);
  let right = 0;
  let total = 0;
  keys.forEach((k, i) => {
    if (i % 2 === fitParity) return;
    total++;
    const m = table.get(k);
    const guess = m ? majority(Array.from(m.entries()).flatMap(([l, c]) => new Array(c).fill(l))) : fallback;
    if (guess === y[i]) right++;
  });
  return total === 0 ? 0 : right / total;
}

function majority(labels: string[]): string {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best = "";
  let bestCount = -1;
  for (const [l, c] of counts) if (c > bestCount || (c === bestCount && l < best)) [best, bestCount] = [l, c];
  return best;
}

function majorityShare(labels: string[]): number {
  const m = majority(labels);
  return labels.filter((l) => l === m).length / Math.max(1, labels.length);
}

function rowKeys(data: Rows, columns?: string[]): string[] {
  if (Array.isArray(data)) return (data as unknown[][]).map((r) => JSON.stringify(r));
  const t = data as aq.ColumnTable;
  const cols = (columns ?? t.columnNames()).map((c) => {
    if (!t.columnNames().includes(c)) throw new TrainlabError(`findOverlap: no column "${c}" in the table.`);
    return t.array(c) as ArrayLike<unknown>;
  });
  return Array.from({ length: t.numRows() }, (_, i) => JSON.stringify(cols.map((a) => a[i] ?? null)));
}
