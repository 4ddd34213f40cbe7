/**
 * The learner's side of grading: runs in a fresh, sandboxed child process per submission
 * (see sandbox.ts). It executes the notebook's cells with tslab's converter and executor (no
 * Jupyter), one cell per request, and then answers calls: `{type: "call", id, name, args}` →
 * `{type: "result", id, ok, value, argsAfter}` (values encoded with serialize.ts). It never sees
 * a test: the grader asserts in its own process.
 *
 * Protocol (see protocol.ts): one JSON message per line; requests arrive on fd 3, replies leave
 * on fd 4, exactly one reply per request, in order. First `{type: "started"}` once TypeScript is
 * loaded; then `{type: "cell", index, source}` → `{type: "cell", index, ok, error?, ms}`; calls.
 * SIGINT interrupts the running cell or call (a timeout). The notebook's code can write to these
 * descriptors too; the grader treats anything out of turn as a protocol violation.
 */
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import * as vm from "vm";
import { formatCellError } from "../kernel/errors";
import { tslabConverter } from "../kernel/tslab";
import { decode, encode } from "./serialize";
import { FromChild, REPLY_FD, REQUEST_FD, ToChild, MAX_ERROR_NAME, MAX_ERROR_MESSAGE, Fault } from "./protocol";
import { prepareTypeScript, PreparedTypeScript } from "./typescript";

// Held before any learner code runs, so patching fs, JSON, Object or console later changes nothing here.
const writeSync = fs.writeSync;
const stringify = JSON.stringify;
const parse = JSON.parse;
const keys = Object.keys;
const isArray = Array.isArray;
const runInThisContext = vm.runInThisContext;
const realExit = process.exit.bind(process);
const CALL_SLOT = "__trainlabGraderCall";

let interruptCall: ((reason: Error) => void) | null = null;

/**
 * JSON text of a reply (plain objects, arrays, strings, finite numbers, booleans, null: what
 * encode writes). Unlike JSON.stringify it never calls a `toJSON` — a notebook that patched
 * Object.prototype.toJSON would otherwise rewrite every reply.
 */
function toJson(value: unknown): string {
  if (value === null || typeof value !== "object") return value === undefined ? "null" : stringify(value);
  if (isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + toJson(value[i]);
    return out + "]";
  }
  let out = "{";
  let first = true;
  for (const key of keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out += (first ? "" : ",") + stringify(key) + ":" + toJson(v);
    first = false;
  }
  return out + "}";
}

/** Writes one reply line to fd 4 (blocking; retried if the notebook made the descriptor non-blocking). */
function send(message: FromChild): void {
  const bytes = Buffer.from(toJson(message) + "\n", "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(REPLY_FD, bytes, offset, bytes.length - offset);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}

/** TypeScript and the kernel's converter (with its fixes to tslab), loaded here: a child started without a snapshot. */
function loadTypeScript(tslabDir: string): PreparedTypeScript {
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
  return prepareTypeScript({ ts, converter: tslabConverter() });
}

/**
 * Runs the child: `prepared` is TypeScript already loaded (from the grading snapshot, see
 * snapshotEntry.ts); without it the child loads TypeScript itself.
 */
export function runChild(prepared?: PreparedTypeScript): void {
  try {
    fs.fstatSync(REQUEST_FD);
    fs.fstatSync(REPLY_FD);
  } catch {
    console.error("trainlab grading child: run only by `trainlab grade` (needs its request and reply descriptors).");
    realExit(2);
  }
  const tslabDir = path.dirname(require.resolve("tslab/package.json"));
  // The kernel's converter, so a notebook grades as it runs in Jupyter.
  const typescript = prepared ?? loadTypeScript(tslabDir);
  const { createExecutor } = require(path.join(tslabDir, "dist/executor"));

  let errors: unknown[][] = [];
  const executorConsole = {
    log: (...args: unknown[]) => console.log(...args),
    error: (...args: unknown[]) => void errors.push(args),
  };
  const converter = typescript.ready && typescript.ready.cwd === process.cwd() ? typescript.ready.converter : typescript.converter.createConverter({ isJS: false, isBrowser: false });
  const executor = createExecutor(process.cwd(), { node: converter, browser: converter, close: () => converter.close() }, executorConsole);
  guardExit();
  process.on("SIGINT", () => {
    executor.interrupt();
    interruptCall?.(new Error("interrupted: the grader's time limit was reached"));
  });
  process.on("uncaughtException", (e) => console.error("uncaught exception (from code that outlived its cell):", e));
  process.on("unhandledRejection", (e) => console.error("unhandled rejection (from code that outlived its cell):", e));

  const handle = async (message: ToChild): Promise<FromChild> => {
    if (message.type === "cell") {
      const t0 = Date.now();
      errors = [];
      let ok: boolean;
      try {
        ok = await executor.execute(message.source);
      } catch (e) {
        errors.push([e]);
        ok = false;
      }
      const ms = Date.now() - t0;
      if (ok) return { type: "cell", index: message.index, ok, ms };
      const { ename, evalue } = formatCellError(errors);
      return { type: "cell", index: message.index, ok, ms, error: { ename: String(ename).slice(0, MAX_ERROR_NAME), evalue: String(evalue).slice(0, MAX_ERROR_MESSAGE) } };
    }
    return answer(executor.locals, message);
  };

  // Requests are handled one at a time, in order: one reply each.
  const requests = new net.Socket({ fd: REQUEST_FD, readable: true, writable: false });
  let buffered = "";
  let queue: Promise<void> = Promise.resolve();
  requests.setEncoding("utf8");
  requests.on("data", (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const message = parse(line) as ToChild;
      queue = queue.then(async () => send(await handle(message)));
    }
  });
  // The grader is gone (crashed or killed): nothing will ask anything any more.
  requests.on("end", () => realExit(0));
  requests.on("error", () => realExit(0));
  send({ type: "started" });
}

async function answer(locals: Record<string, unknown>, call: Extract<ToChild, { type: "call" }>): Promise<FromChild> {
  let args: unknown[] = [];
  const reply = (ok: boolean, value: unknown, fault?: Fault): FromChild => {
    let argsAfter: unknown;
    try {
      // The arguments as they stand after the call: tests can check the function left them alone.
      argsAfter = call.get ? undefined : encode(args);
    } catch {
      argsAfter = undefined;
    }
    try {
      return { type: "result", id: call.id, ok, value: encode(value), ...(argsAfter !== undefined ? { argsAfter } : {}), ...(fault ? { fault } : {}) };
    } catch (e) {
      return { type: "result", id: call.id, ok: false, value: encode(new Error(`it returned a value that cannot be sent to the grader: ${String((e as Error).message).slice(0, MAX_ERROR_MESSAGE)}`)), fault: "unsendable" };
    }
  };
  if (!Object.prototype.hasOwnProperty.call(locals, call.name)) return reply(false, missing(call.name), "missing");
  const target = locals[call.name];
  if (call.get) return reply(true, target);
  if (typeof target !== "function") return reply(false, new TypeError(`${call.name} is not a function (it is ${target === null ? "null" : typeof target})`), "not a function");
  try {
    args = decode(call.args) as unknown[];
  } catch (e) {
    return reply(false, e, "arguments");
  }
  try {
    // Run through vm with breakOnSigint, so a timeout's SIGINT stops an endless loop in the call.
    (globalThis as Record<string, unknown>)[CALL_SLOT] = () => (target as (...a: unknown[]) => unknown)(...args);
    let result = runInThisContext(`globalThis.${CALL_SLOT}()`, { breakOnSigint: true });
    if (result && typeof (result as Promise<unknown>).then === "function") {
      result = await Promise.race([
        result,
        new Promise((_, reject) => {
          interruptCall = reject;
        }),
      ]);
    }
    return reply(true, result);
  } catch (e) {
    return reply(false, e);
  } finally {
    interruptCall = null;
    delete (globalThis as Record<string, unknown>)[CALL_SLOT];
  }
}

function missing(name: string): Error {
  return new ReferenceError(`${name} is not defined: the notebook never defined it (did its cell fail, or was it renamed?)`);
}

/** process.exit() in a cell would end the run before the tests: refuse it, as the kernel does. */
function guardExit(): void {
  const refuse = (code?: unknown) => {
    throw new Error(`process.exit(${code ?? ""}) was called in a cell; the grader refuses it and goes on with the next cell.`);
  };
  process.exit = refuse as typeof process.exit;
}

if (require.main === module) runChild();
