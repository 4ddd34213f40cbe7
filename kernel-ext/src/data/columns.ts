import type * as aq from "arquero";
import { arqueroTable } from "../core/arquero";
import { TrainlabError } from "../errors";

/** A copy of `table` with column `name` set to `values` (added, or replaced when it exists). */
export function withColumn(table: aq.ColumnTable, name: string, values: ArrayLike<unknown>): aq.ColumnTable {
  if (values.length !== table.numRows()) {
    throw new TrainlabError(`withColumn: "${name}" has ${values.length} values but the table has ${table.numRows()} rows.`);
  }
  const out: Record<string, unknown[]> = {};
  for (const c of table.columnNames()) out[c] = Array.from(table.array(c) as ArrayLike<unknown>);
  out[name] = Array.from(values);
  return arqueroTable(out);
}

/** A table from a matrix of rows, with columns named x0, x1, … (or `names`). */
export function fromRows(rows: readonly (readonly unknown[])[], names?: string[]): aq.ColumnTable {
  const width = rows[0]?.length ?? names?.length ?? 0;
  const cols = names ?? Array.from({ length: width }, (_, j) => `x${j}`);
  if (cols.length !== width) throw new TrainlabError(`fromRows: ${cols.length} names for rows of ${width} values.`);
  const out: Record<string, unknown[]> = {};
  cols.forEach((c, j) => (out[c] = rows.map((r) => r[j])));
  return arqueroTable(out);
}
