/**
 * The SIMD products (simd.ts `gemmRows`) on several threads, for the threaded wasm build
 * (`TRAINLAB_WASM_THREADS` ≥ 2): XNNPACK's thread pool never sees these products, so without
 * this they ran on one thread. Each helper is a Node worker thread with its own instance of the
 * same SIMD module on the backend's shared memory; a product's rows are split into one range per
 * thread (the calling thread takes the first), which write disjoint rows of C. Hand-off is a
 * small shared control block: the caller writes each helper's arguments, bumps a sequence
 * number and `Atomics.notify`s; helpers `Atomics.wait` on it and count themselves done. Results
 * equal the one-thread product exactly (each row is computed by the same code either way).
 */
/** Arguments of `gemmRows` (see simd.ts): index 13 is m, the end of the rows, index 20 the first row. */
export type GemmArgs = number[];

const SEQ = 0, DONE = 1, STOP = 2, FAILED = 3, SLOTS = 4;
const ARGS = 21;

/** Runs a row range of a product on helper threads while the caller does its own range. */
export interface GemmPool {
  /** Helper threads (threads − 1). */
  helpers: number;
  /** gemmRows over all rows: args as for gemmRows with first = 0, m = end. */
  run(gemmRows: (...args: number[]) => void, args: GemmArgs): void;
}

// Each helper: instantiate the module on the shared memory, then wait for jobs forever.
const HELPER = `
const { workerData } = require("node:worker_threads");
const { bytes, memory, control, slot } = workerData;
const ctl = new Int32Array(control);
let gemmRows;
try {
  gemmRows = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.gemmRows;
} catch (error) {
  Atomics.store(ctl, ${FAILED}, 1); // the caller computes every row itself from now on
  Atomics.notify(ctl, ${DONE});
  throw error;
}
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seen);
  if (Atomics.load(ctl, ${STOP}) !== 0) break;
  seen = Atomics.load(ctl, ${SEQ});
  const at = ${SLOTS} + slot * ${ARGS};
  if (ctl[at + 20] < ctl[at + 13]) gemmRows(...Array.from(ctl.subarray(at, at + ${ARGS})));
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}`;

/**
 * Starts `helpers` threads running the module `bytes` on `memory` (shared); ranges are split at
 * multiples of `tileRows` (the module's tile height). Null when worker threads cannot start here
 * (the caller then computes alone).
 */
export function startGemmPool(bytes: Uint8Array, memory: WebAssembly.Memory, helpers: number, tileRows: number): GemmPool | null {
  if (helpers < 1) return null;
  let wt: typeof import("node:worker_threads");
  try {
    wt = require("node:worker_threads") as typeof import("node:worker_threads");
  } catch {
    return null;
  }
  const control = new SharedArrayBuffer(4 * (SLOTS + helpers * ARGS));
  const ctl = new Int32Array(control);
  try {
    for (let slot = 0; slot < helpers; slot++) {
      const worker = new wt.Worker(HELPER, { eval: true, workerData: { bytes, memory, control, slot } });
      worker.unref(); // a helper waiting for work must not keep the process alive
      worker.on("error", () => undefined);
    }
  } catch {
    Atomics.store(ctl, STOP, 1);
    Atomics.notify(ctl, SEQ);
    return null;
  }
  return {
    helpers,
    run(gemmRows, args) {
      if (Atomics.load(ctl, FAILED) !== 0) return gemmRows(...args);
      const end = args[13];
      const threads = helpers + 1;
      // Ranges of whole tiles, the caller's first.
      const share = Math.ceil(end / threads / tileRows) * tileRows;
      for (let slot = 0; slot < helpers; slot++) {
        const at = SLOTS + slot * ARGS;
        ctl.set(args, at);
        ctl[at + 20] = Math.min(end, share * (slot + 1)); // first
        ctl[at + 13] = Math.min(end, share * (slot + 2)); // end
      }
      Atomics.store(ctl, DONE, 0);
      Atomics.add(ctl, SEQ, 1);
      Atomics.notify(ctl, SEQ);
      const own = [...args];
      own[13] = Math.min(end, share);
      own[20] = 0;
      gemmRows(...own);
      for (let done = Atomics.load(ctl, DONE); done < helpers; done = Atomics.load(ctl, DONE)) {
        if (Atomics.load(ctl, FAILED) !== 0) return gemmRows(...args); // a helper could not start: all rows here
        Atomics.wait(ctl, DONE, done);
      }
    },
  };
}
