import { displayBundle, escapeHtml } from "./jupyter";

/** What `table` accepts: an arquero table, or an array of plain row objects. */
export type TableLike = { columnNames(): string[]; numRows(): number; column(name: string): any } | Record<string, unknown>[];

export interface TableOptions {
  /** Rows shown before the rest are summarised as "… N more rows". Default 10. */
  maxRows?: number;
  /** Columns shown before the rest are summarised. Default 20. */
  maxColumns?: number;
  /** Digits after the decimal point for non-integer numbers. Default 4. */
  digits?: number;
  /** A caption above the table. */
  title?: string;
  /** The line under the table ("N rows × M columns · …"). Default true. */
  footer?: boolean;
}

/**
 * Shows a table: typed column headers, numbers right-aligned, truncated to `maxRows` rows.
 * Accepts an arquero table or an array of row objects; prints aligned text in a terminal.
 */
export function table(data: TableLike, options: TableOptions = {}): void {
  const view = tableView(data, options);
  if (!displayBundle({ "text/html": view.html, "text/plain": view.text })) console.log(view.text);
}

/** The HTML and text of a table, without showing it. */
export function tableView(data: TableLike, options: TableOptions = {}): { html: string; text: string } {
  const { maxRows = 10, maxColumns = 20, digits = 4, title, footer = true } = options;
  const { names, rows, numRows } = columnsOf(data, maxRows);
  const shown = names.slice(0, maxColumns);
  const types = shown.map((name) => typeOf(rows.map((r) => r[name])));
  const cell = (v: unknown) => format(v, digits);
  const moreRows = numRows - rows.length;
  const moreCols = names.length - shown.length;
  const counts = [
    `${numRows} row${numRows === 1 ? "" : "s"} × ${names.length} column${names.length === 1 ? "" : "s"}`,
    moreRows > 0 ? `first ${rows.length} shown` : "",
    moreCols > 0 ? `${moreCols} more column${moreCols === 1 ? "" : "s"}: ${names.slice(maxColumns).join(", ")}` : "",
  ].filter(Boolean).join(" · ");
  const foot = footer ? counts : "";

  const head = shown.map((n, i) => `<th style="text-align:${types[i] === "number" ? "right" : "left"}">${escapeHtml(n)}<br><small style="font-weight:normal;color:#777">${types[i]}</small></th>`).join("");
  const body = rows.map((r) => "<tr>" + shown.map((n, i) => `<td style="text-align:${types[i] === "number" ? "right" : "left"}">${escapeHtml(cell(r[n]))}</td>`).join("") + "</tr>").join("\n");
  const html =
    `<div class="trainlab-table">${title ? `<div style="font-weight:bold;margin:4px 0">${escapeHtml(title)}</div>` : ""}` +
    `<table style="border-collapse:collapse;font-size:13px"><thead><tr>${head}</tr></thead>\n<tbody>${body}</tbody></table>` +
    (foot ? `<div style="color:#777;font-size:12px;margin-top:2px">${escapeHtml(foot)}</div>` : "") + `</div>`;

  const grid = [shown, ...rows.map((r) => shown.map((n) => cell(r[n])))];
  const widths = shown.map((_, i) => Math.max(...grid.map((line) => line[i].length)));
  const lines = grid.map((line) => line.map((v, i) => (types[i] === "number" ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join("  "));
  const text = [title ?? "", ...lines, foot].filter((l) => l !== "").join("\n");
  return { html, text };
}

function columnsOf(data: TableLike, maxRows: number): { names: string[]; rows: Record<string, unknown>[]; numRows: number } {
  if (Array.isArray(data)) {
    const names = [...new Set(data.flatMap((r) => Object.keys(r)))];
    return { names, rows: data.slice(0, maxRows), numRows: data.length };
  }
  if (data && typeof data.columnNames === "function") {
    const names = data.columnNames();
    const numRows = data.numRows();
    const n = Math.min(numRows, maxRows);
    const columns = names.map((name) => data.column(name));
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {};
      names.forEach((name, j) => (row[name] = columns[j].at(i)));
      rows.push(row);
    }
    return { names, rows, numRows };
  }
  throw new TypeError("table() takes an arquero table or an array of row objects; got " + typeof data);
}

function typeOf(values: unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return "empty";
  const kinds = new Set(present.map((v) => (v instanceof Date ? "date" : typeof v)));
  return kinds.size === 1 ? [...kinds][0] : "mixed";
}

function format(v: unknown, digits: number): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : v.toFixed(digits);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
