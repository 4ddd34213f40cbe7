/**
 * The grader ↔ grading-child protocol: one JSON message per line ("\n"), requests on the child's
 * fd 3, replies on its fd 4. The grader parses replies itself ({@link ReplyReader},
 * {@link readReply}) — never with Node's IPC, whose internal message handling a child could
 * make throw inside the grader. Anything that is not a well-formed reply (bad JSON, an unknown
 * shape, a line over {@link MAX_MESSAGE_BYTES}) is a protocol violation.
 */

/** The child's descriptor for the grader's requests. */
export const REQUEST_FD = 3;
/** The child's descriptor for its replies. */
export const REPLY_FD = 4;
/** The longest reply line the grader accepts (a result of ~3 million numbers). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Error names and messages are cut to these lengths wherever they cross the boundary. */
export const MAX_ERROR_NAME = 200;
export const MAX_ERROR_MESSAGE = 4000;

/** A request the grader sends. */
export type ToChild = { type: "cell"; index: number; source: string } | { type: "call"; id: number; name: string; args: unknown; get?: boolean };

/** Why a call could not even reach the learner's code: the test fails whatever it expected. */
export type Fault = "missing" | "not a function" | "unsendable" | "arguments";

const FAULTS: readonly string[] = ["missing", "not a function", "unsendable", "arguments"];

/** A reply the child sends. */
export type FromChild =
  | { type: "started" }
  | { type: "cell"; index: number; ok: boolean; error?: { ename: string; evalue: string }; ms: number }
  | { type: "result"; id: number; ok: boolean; value: unknown; argsAfter?: unknown; fault?: Fault };

/**
 * Checks that a parsed line is a reply of a known shape (no other keys); returns it, or a
 * sentence saying what was wrong.
 */
export function readReply(value: unknown): FromChild | string {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "a reply that is not an object";
  const m = value as Record<string, unknown>;
  const keys = Object.keys(m);
  const only = (allowed: string[]) => keys.every((k) => allowed.includes(k));
  switch (m.type) {
    case "started":
      return only(["type"]) ? { type: "started" } : "a malformed started message";
    case "cell": {
      if (!only(["type", "index", "ok", "error", "ms"]) || !Number.isInteger(m.index) || typeof m.ok !== "boolean" || typeof m.ms !== "number") return "a malformed cell report";
      let error: { ename: string; evalue: string } | undefined;
      if (m.error !== undefined) {
        const e = m.error as Record<string, unknown> | null;
        if (!e || typeof e !== "object" || typeof e.ename !== "string" || typeof e.evalue !== "string") return "a malformed cell error";
        error = { ename: e.ename.slice(0, MAX_ERROR_NAME), evalue: e.evalue.slice(0, MAX_ERROR_MESSAGE) };
      }
      return { type: "cell", index: m.index as number, ok: m.ok, ms: m.ms, ...(error ? { error } : {}) };
    }
    case "result":
      if (!only(["type", "id", "ok", "value", "argsAfter", "fault"]) || !Number.isInteger(m.id) || typeof m.ok !== "boolean" || !("value" in m)) return "a malformed result";
      if (m.fault !== undefined && !FAULTS.includes(m.fault as string)) return "a result with an unknown fault";
      return { type: "result", id: m.id as number, ok: m.ok, value: m.value, ...("argsAfter" in m ? { argsAfter: m.argsAfter } : {}), ...(m.fault !== undefined ? { fault: m.fault as Fault } : {}) };
    default:
      return "a message of unknown type";
  }
}

/**
 * Splits the child's reply stream into messages: `onMessage` for each well-formed reply,
 * `onViolation` (once; nothing after it) for the first byte sequence that is not one.
 */
export class ReplyReader {
  private parts: Buffer[] = [];
  private size = 0;
  private broken = false;

  constructor(
    private readonly onMessage: (m: FromChild) => void,
    private readonly onViolation: (why: string) => void,
    private readonly maxBytes = MAX_MESSAGE_BYTES,
  ) {}

  /** Feeds a chunk of bytes read from the child. */
  push(chunk: Buffer): void {
    if (this.broken) return;
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0 && !this.broken; nl = chunk.indexOf(10, start)) {
      this.add(chunk.subarray(start, nl));
      if (this.broken) return;
      const line = Buffer.concat(this.parts, this.size);
      this.parts = [];
      this.size = 0;
      start = nl + 1;
      this.line(line);
    }
    if (!this.broken && start < chunk.length) this.add(chunk.subarray(start));
  }

  /** The stream ended: a partial last line is a violation. */
  end(): void {
    if (!this.broken && this.size > 0) this.fail("an unfinished message");
  }

  private add(part: Buffer): void {
    this.size += part.length;
    if (this.size > this.maxBytes) return this.fail(`a message longer than ${this.maxBytes} bytes`);
    this.parts.push(part);
  }

  private line(bytes: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString("utf8"));
    } catch {
      return this.fail("bytes that are not a JSON message");
    }
    const reply = readReply(parsed);
    if (typeof reply === "string") this.fail(reply);
    else this.onMessage(reply);
  }

  private fail(why: string): void {
    this.broken = true;
    this.parts = [];
    this.size = 0;
    this.onViolation(why);
  }
}
