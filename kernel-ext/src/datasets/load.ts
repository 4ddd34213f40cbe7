import type * as aq from "arquero";
import { arqueroTable } from "../core/arquero";
import * as zlib from "node:zlib";
import { TrainlabError } from "../errors";
import { parseCsv } from "./csv";
import { info } from "./manifest";
import { readVerified } from "./verify";

/** Options of {@link load}. */
export interface LoadOptions {
  /** Keep only the first `limit` rows (in file order). Default: all rows. */
  limit?: number;
}

/**
 * Loads a shipped table data set as an arquero table, after checking every file's sha256.
 * Missing values load as null. `datasets.list()` names the sets and their columns.
 *
 * @example const iris = lab.datasets.load("iris");
 */
export function load(name: string, options: LoadOptions = {}): aq.ColumnTable {
  const entry = info(name);
  if (entry.kind !== "table" || !entry.columns) {
    throw new TrainlabError(
      `"${name}" is an image data set; load it with datasets.loadImages("${name}").`
    );
  }
  const file = entry.files[0];
  let bytes = readVerified(file, name);
  if (file.path.endsWith(".gz")) bytes = zlib.gunzipSync(bytes);
  const columns = parseCsv(bytes.toString("utf8"), entry.columns, file.path);
  const table = arqueroTable(columns);
  return options.limit === undefined ? table : table.slice(0, options.limit);
}
