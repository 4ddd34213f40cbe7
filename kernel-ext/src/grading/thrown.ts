/**
 * "Your code threw": the learner's own line, not the library's stack. Each cell runs as a
 * script named `In[N]` (`evalmachine.<anonymous>` under plain tslab); V8's call sites give the line of a frame and the first
 * line of the function around it, so the line inside the learner's function can be read from the
 * function's own source text (as compiled: types removed).
 */

/** Where in the learner's code an error was thrown. */
export interface ThrownAt {
  /** The learner's function (or the helper it called) that threw. */
  functionName: string;
  /** The line of code that threw, as compiled (types removed), when it could be found. */
  line?: string;
}

interface Site {
  getFunctionName(): string | null;
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getEnclosingLineNumber?(): number | null;
}

/**
 * Finds where in `fn` (the learner's function) `error` was thrown. Reads the error's stack only
 * the first time (V8 formats it once); returns undefined when the error came from elsewhere or
 * its stack was already read.
 */
export function thrownAt(error: unknown, fn: unknown): ThrownAt | undefined {
  if (!(error instanceof Error) || typeof fn !== "function") return undefined;
  const sites = callSites(error);
  if (!sites) return undefined;
  const learner = sites.filter((s) => isCellScript(s.getFileName()));
  if (learner.length === 0) return undefined;
  const top = learner[0];
  const name = top.getFunctionName() || fn.name || "your function";
  const own = learner.find((s) => s.getFunctionName() === fn.name && fn.name);
  const start = own?.getEnclosingLineNumber?.();
  const at = top.getLineNumber();
  if (!own || !start || !at || at < start) return { functionName: name };
  if (top !== own && (top.getEnclosingLineNumber?.() ?? 0) < start) return { functionName: name };
  const text = Function.prototype.toString.call(fn).split("\n")[at - start]?.trim();
  return text ? { functionName: name, line: text.length > 120 ? text.slice(0, 117) + "…" : text } : { functionName: name };
}

/** A one-line "where": "in meanSquaredError, at: const z = a.b.c;". */
export function describeThrownAt(at: ThrownAt | undefined): string {
  if (!at) return "";
  return at.line ? `in ${at.functionName}, at: ${at.line}` : `in ${at.functionName}`;
}

/** A cell's script: Trainlab's kernel names it `In[N]` (kernel/errors.ts cellFileName); plain tslab, `evalmachine.<anonymous>`. */
function isCellScript(file: string | null | undefined): boolean {
  return !!file && /^(In\[\d+\]|evalmachine\.<anonymous>)$/.test(file);
}

/** The error's V8 call sites, captured while its stack is formatted for the first time. */
function callSites(error: Error): Site[] | undefined {
  const previous = Error.prepareStackTrace;
  let sites: Site[] | undefined;
  Error.prepareStackTrace = (e: Error, cs: Site[]) => {
    sites = cs;
    return previous ? previous(e, cs as never) : `${String(e)}${cs.map((c) => `\n    at ${String(c)}`).join("")}`;
  };
  try {
    void error.stack;
  } finally {
    Error.prepareStackTrace = previous;
  }
  return sites;
}
