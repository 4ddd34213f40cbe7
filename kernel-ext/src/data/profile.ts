import { escapeHtml } from "../core/html";
import type * as aq from "arquero";
import { iqrOutliers } from "./outliers";
import { findDuplicates } from "./duplicates";
import { isMissing, mean, std } from "../core/stats";

/** The summary of one column, modelled on ydata-profiling's per-variable description. */
export interface ColumnProfile {
  name: string;
  /** "numeric" when every present value is a number, "boolean" for true/false, else "categorical". */
  type: "numeric" | "categorical" | "boolean";
  /** Rows in the table. */
  count: number;
  /** Missing values (null, undefined, NaN) and their fraction of `count`. */
  missing: number;
  missingFraction: number;
  /** Distinct present values, and their fraction of the present values (ydata-profiling's p_distinct). */
  distinct: number;
  distinctFraction: number;
  /** Numeric columns only: min, max, mean, sample std (ddof 1, as pandas), zeros, IQR outliers (Tukey, k = 1.5). */
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  zeros?: number;
  outliers?: number;
  /** Categorical and boolean columns: the most frequent value and how often it occurs. */
  top?: string;
  topCount?: number;
}

/** What {@link profile} returns: per-column summaries plus table-wide counts, viewable as HTML. */
export interface Profile {
  rows: number;
  columns: ColumnProfile[];
  /** Cells that are missing, over all columns. */
  missingCells: number;
  /** Rows that repeat an earlier row exactly (pandas `duplicated().sum()`). */
  duplicateRows: number;
  /** An HTML report: one line per column, problems highlighted. */
  toHTML(): string;
}

/**
 * Summarises a table the way a data-quality report does (ydata-profiling's overview as the
 * model): per column its type, missing values, distinct values, range, mean, spread and
 * outliers; for the table its missing cells and duplicate rows.
 *
 * @example lab.html(lab.data.profile(lab.datasets.load("titanic")).toHTML())
 */
export function profile(table: aq.ColumnTable): Profile {
  const rows = table.numRows();
  const columns = table.columnNames().map((name) => profileColumn(name, Array.from(table.array(name) as ArrayLike<unknown>), rows));
  const result: Profile = {
    rows,
    columns,
    missingCells: columns.reduce((s, c) => s + c.missing, 0),
    duplicateRows: findDuplicates(table).length,
    toHTML: () => profileHTML(result),
  };
  return result;
}

function profileColumn(name: string, values: unknown[], count: number): ColumnProfile {
  const present = values.filter((v) => !isMissing(v));
  const missing = count - present.length;
  const distinct = new Set(present).size;
  const base = {
    name,
    count,
    missing,
    missingFraction: count === 0 ? 0 : missing / count,
    distinct,
    distinctFraction: present.length === 0 ? 0 : distinct / present.length,
  };
  if (present.length > 0 && present.every((v) => typeof v === "number")) {
    const nums = present as number[];
    let min = Infinity;
    let max = -Infinity;
    for (const v of nums) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return {
      ...base,
      type: "numeric",
      min,
      max,
      mean: mean(nums),
      std: std(nums, 1),
      zeros: nums.filter((v) => v === 0).length,
      outliers: iqrOutliers(nums).filter(Boolean).length,
    };
  }
  const counts = new Map<string, number>();
  for (const v of present) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  let top: string | undefined;
  let topCount = 0;
  for (const [v, c] of counts) if (c > topCount) [top, topCount] = [v, c];
  const type = present.length > 0 && present.every((v) => typeof v === "boolean") ? "boolean" : "categorical";
  return { ...base, type, top, topCount };
}

function profileHTML(p: Profile): string {
  const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "" : Number.isInteger(v) ? String(v) : v.toPrecision(4));
  const warn = (text: string, bad: boolean) => (bad ? `<span style="color:#b00;font-weight:bold">${text}</span>` : text);
  const head = ["column", "type", "missing", "distinct", "min", "max", "mean", "std", "outliers (IQR)", "top"];
  const body = p.columns
    .map((c) =>
      [
        escapeHtml(c.name),
        c.type,
        warn(`${c.missing} (${(100 * c.missingFraction).toFixed(1)}%)`, c.missing > 0),
        warn(String(c.distinct), c.distinct === p.rows && c.type === "categorical"),
        fmt(c.min),
        fmt(c.max),
        fmt(c.mean),
        fmt(c.std),
        warn(c.outliers === undefined ? "" : String(c.outliers), (c.outliers ?? 0) > 0),
        c.top === undefined ? "" : `${escapeHtml(c.top)} (${c.topCount})`,
      ]
        .map((x) => `<td>${x}</td>`)
        .join("")
    )
    .map((r) => `<tr>${r}</tr>`)
    .join("\n");
  return (
    `<div class="trainlab-profile"><p><b>${p.rows}</b> rows, <b>${p.columns.length}</b> columns, ` +
    `${warn(`${p.missingCells} missing cells`, p.missingCells > 0)}, ` +
    `${warn(`${p.duplicateRows} duplicate rows`, p.duplicateRows > 0)}.</p>\n` +
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`
  );
}
