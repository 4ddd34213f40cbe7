/** The content of a Jupyter `error` message. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Which cell ran, so a traceback can name the learner's cell and line. */
export interface CellSource {
  /** The execution count: the cell shows as `In [count]`. */
  count: number;
  /** The TypeScript the learner wrote. */
  source: string;
  /** The JavaScript that ran (tslab's conversion), compiled under the file name {@link cellFileName}(count). */
  compiled: string;
}

/** The file name a cell's code runs under, so stack frames point at it. */
export function cellFileName(count: number): string {
  return `In[${count}]`;
}

/**
 * Turns what tslab's executor reported through console.error during a failed cell into a
 * Jupyter error: a thrown value gives its name, message and stack (tslab's own frames removed);
 * TypeScript diagnostics ("%s%d:%d - %s") give ename "TypeScriptError" and one line each.
 * With `cell`, diagnostics start "Cell In[5], line 3:7", frames in the cell read "Cell In[5], line 3" (the learner's TypeScript line, when
 * the JavaScript line that ran appears once in it; else just the cell), and the traceback starts
 * with that line of the learner's code.
 */
export function formatCellError(reports: unknown[], cell?: CellSource): CellError {
  const calls = reports as unknown[][];
  const diagnostics = calls.filter((args) => args[0] === DIAGNOSTIC_FORMAT).map((args) => (cell && !args[1] ? `Cell In[${cell.count}], line ` : "") + formatDiagnostic(args));
  const thrown = calls.find((args) => args.length === 1)?.[0];
  if (diagnostics.length > 0) {
    return {
      ename: "TypeScriptError",
      evalue: diagnostics.join("\n"),
      traceback: [`\u001b[31mTypeScript compile error\u001b[0m`, ...diagnostics],
    };
  }
  if (thrown instanceof Error || (thrown && typeof thrown === "object" && "message" in (thrown as object))) {
    const e = thrown as Error;
    const ename = e.name || "Error";
    const evalue = String(e.message ?? "");
    const frames = String(e.stack ?? "")
      .split("\n")
      .slice(1)
      .filter((line) => /^\s+at /.test(line) && !/node_modules[\\/]tslab|node:internal|node:vm|(kernel-ext|instructor)[\\/]dist[\\/]kernel/.test(line));
    const located = (cell ? frames.map((line) => locateFrame(line, cell)) : frames.map((line) => ({ line, at: null }))).filter((f) => f.line);
    const first = located.find((f) => f.at);
    const where = first?.at ? [`  ${first.at.label}${first.at.code ? `: ${first.at.code}` : ""}`] : [];
    return { ename, evalue, traceback: [`\u001b[31m${ename}\u001b[0m: ${evalue}`, ...where, ...located.map((f) => f.line)] };
  }
  if (reports.length === 0) {
    return { ename: "Error", evalue: "the cell failed without a message", traceback: ["Error: the cell failed without a message"] };
  }
  const value = thrown === undefined ? calls.map((args) => args.map(String).join(" ")).join("\n") : String(thrown);
  return { ename: "Error", evalue: value, traceback: [`\u001b[31mError\u001b[0m: ${value}`] };
}

interface Location {
  label: string;
  code?: string;
}

/** Rewrites a stack frame in the cell ("In[5]:12:3") as "Cell In[5], line 3" (the TypeScript line) where it can. */
function locateFrame(frame: string, cell: CellSource): { line: string; at: Location | null } {
  const file = cellFileName(cell.count).replace(/[[\]]/g, "\\$&");
  const match = new RegExp(`${file}:(\\d+):(\\d+)`).exec(frame);
  if (!match) return { line: frame, at: null };
  // The last line of tslab's wrapper, "})(__tslab__.exports, …)": not the learner's code.
  if (/^\}\)\(__tslab__/.test(cell.compiled.split("\n")[Number(match[1]) - 1] ?? "")) return { line: "", at: null };
  const tsLine = sourceLine(cell, Number(match[1]));
  const label = `Cell In[${cell.count}]${tsLine ? `, line ${tsLine}` : ""}`;
  const at = { label, code: tsLine ? cell.source.split("\n")[tsLine - 1].trim() : undefined };
  return { line: frame.replace(match[0], label), at };
}

/**
 * The learner's line (1-based) for a line of the JavaScript that ran, or null. tslab's output
 * adds helpers and `exports.` bookkeeping, so lines are matched by text (ignoring `exports.` and
 * indentation): the one TypeScript line equal to the JavaScript line, else the one containing it
 * or contained in it. Lines whose type annotations were stripped may match none, or several:
 * then null, and the frame names only the cell.
 */
export function sourceLine(cell: CellSource, jsLine: number): number | null {
  const normalize = (text: string) => text.replace(/\bexports\./g, "").trim();
  // The wrapper "(function(exports, require) { " shares the first line with the code.
  const js = normalize(cell.compiled.split("\n")[jsLine - 1]?.replace(/^\((async )?function\(exports, require\) \{ /, "") ?? "");
  if (!js) return null;
  const lines = cell.source.split("\n").map(normalize);
  const unique = (test: (ts: string) => boolean) => {
    const hits = lines.flatMap((ts, i) => (ts && test(ts) ? [i + 1] : []));
    return hits.length === 1 ? hits[0] : null;
  };
  // Exact; else one contains the other (TypeScript splits `if (c) throw …` over two lines, and
  // tslab wraps a last expression in an assignment).
  return unique((ts) => ts === js) ?? (js.length >= 4 ? unique((ts) => ts.length >= 4 && (ts.includes(js) || js.includes(ts))) : null);
}

/** tslab's executor prints each TypeScript diagnostic with this format string. */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

function formatDiagnostic(args: unknown[]): string {
  const [, file, line, col, message] = args;
  const where = `${file ? String(file) : ""}${line}:${col}`;
  return `${where} - ${flatten(message)}`;
}

function flatten(message: unknown): string {
  if (typeof message === "string") return message;
  if (message && typeof message === "object" && "messageText" in message) {
    const chain = message as { messageText: string; next?: unknown[] };
    return [chain.messageText, ...(chain.next ?? []).map(flatten)].join(" ");
  }
  return String(message);
}
