/**
 * The learner's side of grading: runs in a fresh, sandboxed child process per submission
 * (see sandbox.ts). It executes the notebook's cells with tslab's converter and executor (no
 * Jupyter), reports each cell's outcome, and from then on only answers calls:
 * `{type: "call", id, name, args}` → `{type: "result", id, ok, value}` (values encoded with
 * serialize.ts). It never sees a test: the grader asserts in its own process.
 *
 * Protocol (IPC, serialization "advanced"), grader → child: `{type: "cells", cells: string[]}`,
 * then calls; child → grader: `{type: "started"}` once TypeScript is loaded, `{type: "cell", index, ok, error?, ms}` per cell, `{type: "ready"}`,
 * then one result per call. SIGINT interrupts the running cell or call (a timeout).
 */
import * as path from "path";
import * as vm from "vm";
import { formatCellError } from "../kernel/errors";
import { tslabConverter } from "../kernel/tslab";
import { decode, encode } from "./serialize";

/** A message the grader sends. */
export type ToChild = { type: "cells"; cells: string[] } | { type: "call"; id: number; name: string; args: unknown; get?: boolean };

/** A message the child sends. */
export type FromChild =
  | { type: "cell"; index: number; ok: boolean; error?: { ename: string; evalue: string }; ms: number }
  | { type: "started" }
  | { type: "ready" }
  | { type: "result"; id: number; ok: boolean; value: unknown; fault?: Fault };

/** Why a call could not even reach the learner's code: the test fails whatever it expected. */
export type Fault = "missing" | "not a function" | "unsendable" | "arguments";

// Held before any learner code runs, so patching process.send or console later changes nothing here.
const send = process.send!.bind(process) as (m: FromChild) => void;
const runInThisContext = vm.runInThisContext;
const realExit = process.exit.bind(process);
const CALL_SLOT = "__trainlabGraderCall";

let interruptCall: ((reason: Error) => void) | null = null;

function main(): void {
  if (!process.send) {
    console.error("trainlab grading child: run only by `trainlab grade` (needs an IPC channel).");
    realExit(2);
  }
  const tslabDir = path.dirname(require.resolve("tslab/package.json"));
  // Node's permission model denies fs watchers; tslab's converter asks TypeScript for them.
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
  const noWatch = () => ({ close() {} });
  ts.sys.watchFile = noWatch;
  ts.sys.watchDirectory = noWatch;
  // The kernel's converter (with its fixes to tslab), so a notebook grades as it runs in Jupyter.
  const { createConverter } = tslabConverter();
  const { createExecutor } = require(path.join(tslabDir, "dist/executor"));

  let errors: unknown[][] = [];
  const executorConsole = {
    log: (...args: unknown[]) => console.log(...args),
    error: (...args: unknown[]) => void errors.push(args),
  };
  const converter = createConverter({ isJS: false, isBrowser: false });
  const executor = createExecutor(process.cwd(), { node: converter, browser: converter, close: () => converter.close() }, executorConsole);
  guardExit();
  process.on("SIGINT", () => {
    executor.interrupt();
    interruptCall?.(new Error("interrupted: the grader's time limit was reached"));
  });
  process.on("uncaughtException", (e) => console.error("uncaught exception (from code that outlived its cell):", e));
  // The grader is gone (crashed or killed): nothing will ask anything any more.
  process.on("disconnect", () => realExit(0));
  process.on("unhandledRejection", (e) => console.error("unhandled rejection (from code that outlived its cell):", e));

  send({ type: "started" });
  let started = false;
  process.on("message", async (message: ToChild) => {
    if (message?.type === "cells" && !started) {
      started = true;
      for (let index = 0; index < message.cells.length; index++) {
        const t0 = Date.now();
        errors = [];
        let ok: boolean;
        try {
          ok = await executor.execute(message.cells[index]);
        } catch (e) {
          errors.push([e]);
          ok = false;
        }
        const ms = Date.now() - t0;
        if (ok) send({ type: "cell", index, ok, ms });
        else {
          const { ename, evalue } = formatCellError(errors);
          send({ type: "cell", index, ok, ms, error: { ename, evalue: evalue.slice(0, 2000) } });
        }
      }
      send({ type: "ready" });
    } else if (message?.type === "call") {
      send(await answer(executor.locals, message));
    }
  });
}

async function answer(locals: Record<string, unknown>, call: Extract<ToChild, { type: "call" }>): Promise<FromChild> {
  const reply = (ok: boolean, value: unknown, fault?: Fault): FromChild => {
    try {
      return { type: "result", id: call.id, ok, value: encode(value), ...(fault ? { fault } : {}) };
    } catch (e) {
      return { type: "result", id: call.id, ok: false, value: encode(new Error(`it returned a value that cannot be sent to the grader: ${(e as Error).message}`)), fault: "unsendable" };
    }
  };
  if (!Object.prototype.hasOwnProperty.call(locals, call.name)) return reply(false, missing(call.name), "missing");
  const target = locals[call.name];
  if (call.get) return reply(true, target);
  if (typeof target !== "function") return reply(false, new TypeError(`${call.name} is not a function (it is ${target === null ? "null" : typeof target})`), "not a function");
  let args: unknown[];
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

main();
