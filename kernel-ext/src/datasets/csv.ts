import { TrainlabError } from "../errors";
import { ColumnInfo } from "./manifest";

/**
 * Parses RFC 4180 CSV text (header row first) into typed columns. Empty fields and "NA" load as
 * null (missing). Number columns that do not parse throw, naming row and column.
 */
export function parseCsv(text: string, columns: ColumnInfo[], fileName: string): Record<string, unknown[]> {
  const rows = splitRecords(text);
  const header = rows.shift() ?? [];
  const expected = columns.map((c) => c.name);
  if (header.join(",") !== expected.join(",")) {
    throw new TrainlabError(
      `The header of ${fileName} does not match the manifest (got ${header.join(",")}; expected ` +
        `${expected.join(",")}). Restore the file and datasets/MANIFEST.json from the repository.`
    );
  }
  const out: Record<string, unknown[]> = {};
  columns.forEach((c) => (out[c.name] = new Array(rows.length)));
  rows.forEach((row, r) => {
    columns.forEach((c, j) => {
      const raw = row[j];
      if (raw === undefined || raw === "" || raw === "NA") {
        out[c.name][r] = null;
      } else if (c.type === "string") {
        out[c.name][r] = raw;
      } else {
        const v = Number(raw);
        if (Number.isNaN(v)) {
          throw new TrainlabError(
            `Row ${r + 2} of ${fileName}, column ${c.name}: "${raw}" is not a number. Restore the file from the repository.`
          );
        }
        out[c.name][r] = v;
      }
    });
  });
  return out;
}

function splitRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
