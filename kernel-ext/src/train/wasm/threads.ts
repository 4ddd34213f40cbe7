/**
 * Multi-threaded wasm in Node: TF.js ships the threaded SIMD build but enables it only in
 * browsers (WASM_HAS_MULTITHREAD_SUPPORT is false under Node, tfjs issue 3830). Three things
 * stand in the way, each bridged here for the duration of `tf.setBackend("wasm")` only:
 * - Emscripten starts its pthread workers from a `blob:` URL and loads its main script from a
 *   Blob, neither of which Node's `worker_threads` can open: a Worker subclass starts the same
 *   worker code with `eval: true` and points the load message at the package's own script.
 * - Those workers would keep the process alive after the last cell: they are unref'd.
 * - The backend takes half the logical cores (`emscripten_num_logical_cores() / 2`, meant for
 *   hyper-threaded desktops), so 2 cores would give 1 thread: the core count it reads is
 *   reported as twice the threads wanted while it starts.
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../../errors";

// The module object itself (not a namespace copy): the backend's start-up reads os.cpus from it.
const os = require("node:os") as typeof import("node:os");

/** The most threads: Emscripten pre-starts this many workers, and the backend caps at it. */
export const MAX_WASM_THREADS = 8;

/** How many threads wasm should compute with, and why. */
export interface WasmThreadsPlan {
  /** Threads to ask for; 1 means the single-threaded build (no workers). */
  threads: number;
  /** Why fewer than the machine's cores, when so (printed in the backend line). */
  reason?: string;
}

/** The subset of @tensorflow/tfjs-backend-wasm's exports used here. */
export interface WasmPackage {
  setThreadsCount(n: number): void;
}

/**
 * Decides the thread count: `TRAINLAB_WASM_THREADS` when set (1 = the single-threaded build);
 * unset, one thread. Threads are opt-in until a run on an idle machine shows them faster: on the
 * project's 2-core machines 2 threads measured 0.97–1.12× one thread (busy machine, see
 * docs/benchmarks.md, "Threads"), cost ~75 MB for Emscripten's 8 pre-started workers, and spin-wait.
 * 1 where Worker threads cannot run (Node's permission model without `--allow-worker`, as in a
 * grading child).
 */
export function planWasmThreads(env: NodeJS.ProcessEnv = process.env): WasmThreadsPlan {
  const raw = (env.TRAINLAB_WASM_THREADS ?? "").trim();
  if (!raw) return { threads: 1 };
  const wanted = Number(raw);
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_WASM_THREADS) {
    throw new TrainlabError(
      `TRAINLAB_WASM_THREADS="${raw}" is not a whole number from 1 to ${MAX_WASM_THREADS}; ` +
      `set it to the threads wasm should use (1 = one thread), or unset it for one thread.`);
  }
  if (wanted === 1) return { threads: 1, reason: "TRAINLAB_WASM_THREADS=1" };
  const blocker = _threadBlocker();
  return blocker ? { threads: 1, reason: blocker } : { threads: wanted };
}

/**
 * Starts the wasm backend (`tf.setBackend("wasm")`) with `threads` threads, bridging the gaps
 * listed at the top of this file. Returns what setBackend returned.
 */
export async function startWasmBackend(wasm: WasmPackage, threads: number): Promise<boolean> {
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", threads > 1);
  wasm.setThreadsCount(threads);
  if (threads === 1) return tf.setBackend("wasm");
  const restoreWorker = _installWorkerShim();
  const realCpus = os.cpus;
  // The backend keeps half of what it reads (see the top of this file).
  (os as { cpus: typeof os.cpus }).cpus = () => {
    const cpus = realCpus.call(os);
    while (cpus.length < 2 * threads) cpus.push(cpus[0]);
    return cpus;
  };
  try {
    return await tf.setBackend("wasm");
  } finally {
    (os as { cpus: typeof os.cpus }).cpus = realCpus;
    restoreWorker();
  }
}

/** The threads a started wasm backend computes with (1 for the single-threaded build). */
export function wasmThreadCount(backend: object): number {
  const module = (backend as { wasm?: { _get_threads_count?: () => number } }).wasm;
  const n = module?._get_threads_count?.();
  return typeof n === "number" && n > 0 ? n : 1;
}

function _threadBlocker(): string | undefined {
  if (typeof SharedArrayBuffer === "undefined") return "this Node has no SharedArrayBuffer";
  const permission = (process as unknown as { permission?: { has(scope: string): boolean } }).permission;
  if (permission && !permission.has("worker")) {
    return "Node's permission model does not allow Worker threads here";
  }
  return undefined;
}

/** Makes the global `Worker` (which Emscripten sets and calls) the Node-ready subclass. */
function _installWorkerShim(): () => void {
  const wt = require("node:worker_threads") as typeof import("node:worker_threads");
  const pkgDir = path.dirname(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")));
  const outDir = path.join(pkgDir, "wasm-out");
  const workerCode = (require(path.join(outDir, "tfjs-backend-wasm-threaded-simd.worker.js")) as {
    wasmWorkerContents: string;
  }).wasmWorkerContents.replace(/\n/g, "\\n"); // literal newlines sit inside its string literals
  const mainScript = path.join(outDir, "tfjs-backend-wasm-threaded-simd.js");
  class PthreadWorker extends wt.Worker {
    constructor() {
      super(workerCode, { eval: true });
      this.unref();
    }
    /** Emscripten refs a worker while its pthread runs; the thread pool's never end. */
    ref(): void { /* stay unref'd */ }
    postMessage(message: unknown, transfer?: readonly import("node:worker_threads").TransferListItem[]): void {
      const m = message as { cmd?: string } | null;
      super.postMessage(m?.cmd === "load" ? { ...m, urlOrBlob: mainScript } : message, transfer);
    }
  }
  const before = Object.getOwnPropertyDescriptor(globalThis, "Worker");
  // Emscripten assigns worker_threads' own Worker here first; keep the subclass in place.
  Object.defineProperty(globalThis, "Worker", { configurable: true, get: () => PthreadWorker, set: () => undefined });
  return () => {
    if (before) Object.defineProperty(globalThis, "Worker", before);
    else delete (globalThis as { Worker?: unknown }).Worker;
  };
}
