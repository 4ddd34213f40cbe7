import type * as aq from "arquero";
import { arqueroTable } from "../core/arquero";
import { TrainlabError } from "../errors";
import { seededRandom, shuffled } from "../core/random";

/** Options of {@link split}. */
export interface SplitOptions {
  /** Fractions for train, validation and test; they must sum to 1. Default [0.6, 0.2, 0.2]. */
  sizes?: [number, number, number];
  /** Labels to stratify by: each split then keeps every class's share (to within one row). */
  stratify?: ArrayLike<number | string>;
  /** Seed of the shuffle: the same seed gives the same split. Default 0. */
  seed?: number;
}

/** Row indexes of each split, each sorted ascending. */
export interface Splits {
  train: number[];
  validation: number[];
  test: number[];
}

/**
 * Splits row indexes 0..n-1 into train, validation and test sets at random (seeded), optionally
 * stratified by label so rare classes appear in every split in proportion.
 *
 * @example const { train, validation, test } = lab.data.split(table.numRows(), { stratify: y, seed: 1 });
 */
export function split(n: number, options: SplitOptions = {}): Splits {
  const sizes = options.sizes ?? [0.6, 0.2, 0.2];
  if (sizes.length !== 3 || sizes.some((s) => s < 0) || Math.abs(sizes[0] + sizes[1] + sizes[2] - 1) > 1e-9) {
    throw new TrainlabError(`split: sizes must be three non-negative fractions summing to 1 (got ${JSON.stringify(sizes)}).`);
  }
  if (!Number.isInteger(n) || n < 0) throw new TrainlabError(`split: n must be a row count (got ${n}).`);
  const random = seededRandom(options.seed ?? 0);
  const groups = new Map<number | string, number[]>();
  if (options.stratify) {
    if (options.stratify.length !== n) {
      throw new TrainlabError(`split: stratify has ${options.stratify.length} labels but there are ${n} rows.`);
    }
    for (let i = 0; i < n; i++) {
      const key = options.stratify[i];
      if (!groups.has(key)) groups.set(key, []);
      (groups.get(key) as number[]).push(i);
    }
  } else {
    groups.set("all", Array.from({ length: n }, (_, i) => i));
  }
  const out: Splits = { train: [], validation: [], test: [] };
  for (const members of groups.values()) {
    const order = shuffled(members, random);
    const nTest = Math.round(order.length * sizes[2]);
    const nVal = Math.round(order.length * sizes[1]);
    out.test.push(...order.slice(0, nTest));
    out.validation.push(...order.slice(nTest, nTest + nVal));
    out.train.push(...order.slice(nTest + nVal));
  }
  const asc = (a: number, b: number) => a - b;
  return { train: out.train.sort(asc), validation: out.validation.sort(asc), test: out.test.sort(asc) };
}

export { take } from "../core/folds";

/** The rows of an arquero table at `indexes`, as a new table: `takeRows(table, splits.train)`. */
export function takeRows(table: aq.ColumnTable, indexes: readonly number[]): aq.ColumnTable {
  const out: Record<string, unknown[]> = {};
  for (const c of table.columnNames()) {
    const values = table.array(c) as ArrayLike<unknown>;
    out[c] = indexes.map((i) => {
      if (i < 0 || i >= table.numRows()) throw new TrainlabError(`takeRows: row ${i} is outside the table's ${table.numRows()} rows.`);
      return values[i];
    });
  }
  return arqueroTable(out);
}
