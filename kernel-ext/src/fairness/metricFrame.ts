import { TrainlabError } from "../errors";
import { escapeHtml } from "../core/html";
import { GroupLabel, _pick, _split } from "./groups";
import { accuracy, BaseMetric, count, falsePositiveRate, selectionRate, truePositiveRate } from "./rates";

/** Options of {@link metricFrame}. */
export interface MetricFrameOptions {
  /** Metrics to compute, by column name. Default: selectionRate, truePositiveRate, falsePositiveRate, accuracy, count. */
  metrics?: Record<string, BaseMetric>;
}

/** How {@link MetricFrame.difference} and {@link MetricFrame.ratio} compare groups (Fairlearn's `method`). */
export type CompareMethod = "between_groups" | "to_overall";

/** Metrics overall and per group, like Fairlearn's MetricFrame. */
export interface MetricFrame {
  metrics: string[];
  /** Group names, sorted. */
  groups: string[];
  /** Each metric on all rows. */
  overall: Record<string, number>;
  /** One row per group: `{ group, metric1, metric2, … }`. */
  byGroup: Array<Record<string, number | string>>;
  /** Smallest / largest value over groups, per metric (NaN values skipped, as pandas does). */
  groupMin(): Record<string, number>;
  groupMax(): Record<string, number>;
  /** between_groups (default): max − min over groups; to_overall: max |group − overall|. */
  difference(method?: CompareMethod): Record<string, number>;
  /** between_groups (default): min / max over groups; to_overall: min over groups of group/overall, folded below 1 (r > 1 → 1/r). */
  ratio(method?: CompareMethod): Record<string, number>;
  /** The by-group table with an "overall" row, as HTML. */
  toHTML(): string;
}

const DEFAULT_METRICS: Record<string, BaseMetric> = {
  selectionRate,
  truePositiveRate,
  falsePositiveRate,
  accuracy,
  count,
};

/**
 * Compute metrics overall and for each group (Fairlearn's MetricFrame): the starting point of
 * every fairness question: who gets selected, and for whom is the model right or wrong?
 */
export function metricFrame(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  groups: ArrayLike<GroupLabel>,
  options: MetricFrameOptions = {},
): MetricFrame {
  const split = _split(yTrue, yPred, groups, "metricFrame");
  const fns = options.metrics ?? DEFAULT_METRICS;
  const metrics = Object.keys(fns);
  if (metrics.length === 0) throw new TrainlabError("metricFrame: options.metrics is empty; give at least one metric.");
  const overall: Record<string, number> = {};
  for (const m of metrics) overall[m] = fns[m](yTrue, yPred);
  const values: Record<string, number[]> = {};
  for (const m of metrics) values[m] = [];
  const byGroup = split.keys.map((g) => {
    const idx = split.rows.get(g)!;
    const t = _pick(yTrue, idx);
    const p = _pick(yPred, idx);
    const row: Record<string, number | string> = { group: g };
    for (const m of metrics) {
      const v = fns[m](t, p);
      row[m] = v;
      values[m].push(v);
    }
    return row;
  });
  const per = (f: (v: number[], m: string) => number) => {
    const out: Record<string, number> = {};
    for (const m of metrics) out[m] = f(values[m], m);
    return out;
  };
  // pandas' min/max, as Fairlearn uses them: NaN entries are skipped; NaN only when every entry is NaN.
  const min = (v: number[]) => _skipNaN(v, Math.min);
  const max = (v: number[]) => _skipNaN(v, Math.max);
  return {
    metrics,
    groups: split.keys,
    overall,
    byGroup,
    groupMin: () => per(min),
    groupMax: () => per(max),
    difference: (method: CompareMethod = "between_groups") =>
      per((v, m) => (_method(method) === "between_groups" ? max(v) - min(v) : max(v.map((x) => Math.abs(x - overall[m]))))),
    // Float division as pandas: 0/0 is NaN, x/0 is ±Infinity; to_overall folds each ratio below 1 (Fairlearn's ratio_sub_one).
    ratio: (method: CompareMethod = "between_groups") =>
      per((v, m) => (_method(method) === "between_groups" ? min(v) / max(v) : min(v.map((x) => _ratioSubOne(x / overall[m]))))),
    toHTML: () => {
      const fmt = (v: number | string) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : escapeHtml(v));
      return (
        `<table><thead><tr><th>group</th>${metrics.map((m) => `<th>${escapeHtml(m)}</th>`).join("")}</tr></thead><tbody>` +
        byGroup.map((r) => `<tr><td>${fmt(r.group)}</td>${metrics.map((m) => `<td>${fmt(r[m])}</td>`).join("")}</tr>`).join("") +
        `<tr><td><b>overall</b></td>${metrics.map((m) => `<td><b>${fmt(overall[m])}</b></td>`).join("")}</tr></tbody></table>`
      );
    },
  };
}

function _skipNaN(v: number[], f: (...values: number[]) => number): number {
  const present = v.filter((x) => !Number.isNaN(x));
  return present.length === 0 ? NaN : f(...present);
}

function _ratioSubOne(r: number): number {
  return r > 1 ? 1 / r : r;
}

function _method(method: CompareMethod): CompareMethod {
  if (method !== "between_groups" && method !== "to_overall") {
    throw new TrainlabError(`Unknown method "${method}"; use "between_groups" or "to_overall" (Fairlearn's names).`);
  }
  return method;
}
