/** The content of a Jupyter `error` message. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/**
 * Turns what tslab's executor reported through console.error during a failed cell into a
 * Jupyter error: a thrown value gives its name, message and stack (tslab's own frames removed);
 * TypeScript diagnostics ("%s%d:%d - %s") give ename "TypeScriptError" and one line each.
 */
export function formatCellError(reports: unknown[]): CellError {
  const calls = reports as unknown[][];
  const diagnostics = calls.filter((args) => args[0] === DIAGNOSTIC_FORMAT).map(formatDiagnostic);
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
      .filter((line) => !/node_modules[\\/]tslab|node:internal|kernel-ext[\\/]dist[\\/]kernel/.test(line));
    return { ename, evalue, traceback: [`\u001b[31m${ename}\u001b[0m: ${evalue}`, ...frames] };
  }
  if (reports.length === 0) {
    return { ename: "Error", evalue: "the cell failed without a message", traceback: ["Error: the cell failed without a message"] };
  }
  const value = thrown === undefined ? calls.map((args) => args.map(String).join(" ")).join("\n") : String(thrown);
  return { ename: "Error", evalue: value, traceback: [`\u001b[31mError\u001b[0m: ${value}`] };
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
