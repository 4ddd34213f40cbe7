import { TrainlabError } from "../errors";
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
  /** Smallest / largest value over groups, per metric. */
  groupMin(): Record<string, number>;
  groupMax(): Record<string, number>;
  /** between_groups (default): max − min over groups; to_overall: max |group − overall|. */
  difference(method?: CompareMethod): Record<string, number>;
  /** between_groups (default): min / max over groups; to_overall: min over groups of min(group/overall, overall/group). */
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
  const min = (v: number[]) => (v.some(Number.isNaN) ? NaN : Math.min(...v));
  const max = (v: number[]) => (v.some(Number.isNaN) ? NaN : Math.max(...v));
  return {
    metrics,
    groups: split.keys,
    overall,
    byGroup,
    groupMin: () => per(min),
    groupMax: () => per(max),
    difference: (method: CompareMethod = "between_groups") =>
      per((v, m) => (_method(method) === "between_groups" ? max(v) - min(v) : max(v.map((x) => Math.abs(x - overall[m]))))),
    ratio: (method: CompareMethod = "between_groups") =>
      per((v, m) =>
        _method(method) === "between_groups"
          ? _safeRatio(min(v), max(v))
          : min(v.map((x) => Math.min(_safeRatio(x, overall[m]), _safeRatio(overall[m], x))))),
    toHTML: () => {
      const fmt = (v: number | string) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : _escape(v));
      return (
        `<table><thead><tr><th>group</th>${metrics.map((m) => `<th>${_escape(m)}</th>`).join("")}</tr></thead><tbody>` +
        byGroup.map((r) => `<tr><td>${fmt(r.group)}</td>${metrics.map((m) => `<td>${fmt(r[m])}</td>`).join("")}</tr>`).join("") +
        `<tr><td><b>overall</b></td>${metrics.map((m) => `<td><b>${fmt(overall[m])}</b></td>`).join("")}</tr></tbody></table>`
      );
    },
  };
}

// As pandas division in Fairlearn: 0/0 is NaN, x/0 is Infinity.
export function _safeRatio(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || (a === 0 && b === 0)) return NaN;
  return b === 0 ? Infinity : a / b;
}

function _method(method: CompareMethod): CompareMethod {
  if (method !== "between_groups" && method !== "to_overall") {
    throw new TrainlabError(`Unknown method "${method}"; use "between_groups" or "to_overall" (Fairlearn's names).`);
  }
  return method;
}

export function _escape(s: string): string {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
