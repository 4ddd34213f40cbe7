import type * as aq from "arquero";
import { arqueroTable } from "../core/arquero";
import { TrainlabError } from "../errors";
import { isMissing, mean, quantile } from "../core/stats";

/** Options of {@link fitImputer}. */
export interface ImputerOptions {
  /**
   * What replaces a missing value: the column's "mean", "median" (numeric columns) or
   * "most_frequent" value (any column; ties go to the smallest value, as scikit-learn's
   * SimpleImputer). Default "mean".
   */
  strategy?: "mean" | "median" | "most_frequent";
  /** Columns to impute. Default: every numeric column ("mean"/"median") or every column ("most_frequent"). */
  columns?: string[];
}

/** A fitted imputer: statistics learned from one table, applied to any table with those columns. */
export interface Imputer {
  strategy: "mean" | "median" | "most_frequent";
  /** The learned fill value of each column. */
  statistics: Record<string, number | string>;
  /** A copy of `table` with missing values in the fitted columns replaced. */
  transform(table: aq.ColumnTable): aq.ColumnTable;
}

/**
 * Learns fill values from a table — the *training* split only, so nothing about the
 * validation or test rows leaks into training — and returns an imputer to apply to every split.
 * The statistics are scikit-learn 1.2's SimpleImputer's (the median of an even count is the mean
 * of the middle two; ±Infinity is refused, as there). Unlike SimpleImputer, which silently drops
 * a column with no values, such a column is an error.
 *
 * @example const imp = lab.data.fitImputer(train, { strategy: "median" }); const test2 = imp.transform(test);
 */
export function fitImputer(table: aq.ColumnTable, options: ImputerOptions = {}): Imputer {
  const strategy = options.strategy ?? "mean";
  if (!["mean", "median", "most_frequent"].includes(strategy)) {
    throw new TrainlabError(`fitImputer: unknown strategy "${strategy}"; use "mean", "median" or "most_frequent".`);
  }
  const names = table.columnNames();
  const numeric = (c: string) => Array.from(table.array(c) as ArrayLike<unknown>).every((v) => isMissing(v) || typeof v === "number");
  const columns = options.columns ?? (strategy === "most_frequent" ? names : names.filter(numeric));
  const statistics: Record<string, number | string> = {};
  for (const c of columns) {
    if (!names.includes(c)) throw new TrainlabError(`fitImputer: no column "${c}" in the table (columns: ${names.join(", ")}).`);
    const present = Array.from(table.array(c) as ArrayLike<unknown>).filter((v) => !isMissing(v));
    if (present.length === 0) throw new TrainlabError(`fitImputer: column "${c}" has no values to learn from; drop it instead.`);
    // As scikit-learn's SimpleImputer ("Input contains infinity"): an infinite value is not a statistic to fill with.
    const infinite = present.findIndex((v) => v === Infinity || v === -Infinity);
    if (infinite >= 0) throw new TrainlabError(`fitImputer: column "${c}" holds ${present[infinite]}; replace infinite values (e.g. by null) before imputing.`);
    if (strategy === "most_frequent") {
      statistics[c] = mostFrequent(present as (number | string)[]);
    } else {
      if (!numeric(c)) throw new TrainlabError(`fitImputer: column "${c}" is not numeric; use strategy "most_frequent" for it.`);
      statistics[c] = strategy === "mean" ? mean(present as number[]) : quantile(present as number[], 0.5);
    }
  }
  return {
    strategy,
    statistics,
    transform(other: aq.ColumnTable): aq.ColumnTable {
      const out: Record<string, unknown[]> = {};
      for (const c of other.columnNames()) {
        const values = Array.from(other.array(c) as ArrayLike<unknown>);
        out[c] = c in statistics ? values.map((v) => (isMissing(v) ? statistics[c] : v)) : values;
      }
      for (const c of Object.keys(statistics)) {
        if (!(c in out)) throw new TrainlabError(`Imputer.transform: the table has no column "${c}" that the imputer was fitted on.`);
      }
      return arqueroTable(out);
    },
  };
}

function mostFrequent(values: (number | string)[]): number | string {
  const counts = new Map<number | string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | string = values[0];
  let bestCount = -1;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) [best, bestCount] = [v, c];
  }
  return best;
}
