import type * as Aq from "arquero";

let loaded: typeof Aq | undefined;

/**
 * `aq.table(columns)`, with arquero loaded the first time a table is built. arquero is an ES
 * module that Node loads through require(esm): ~85 ms of CPU at import, which a notebook that
 * builds no table (and every grading child of such a chapter) need not pay.
 */
export function arqueroTable(columns: Parameters<typeof Aq.table>[0], names?: string[]): Aq.ColumnTable {
  loaded ??= require("arquero") as typeof Aq;
  return loaded.table(columns, names);
}
