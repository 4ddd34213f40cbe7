/**
 * useBestBackend: picks the fastest TensorFlow.js backend this machine can run correctly.
 * Order: tensorflow-gpu (CUDA) > tensorflow (native CPU) > wasm (patched for training) > cpu.
 */
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { selfTest } from "./selftest";
import { patchWasmBackend, WasmPatchReport } from "./wasm/register";
import { planWasmThreads, startWasmBackend, WasmPackage, wasmThreadCount } from "./wasm/threads";

/** The backends Trainlab knows, fastest first. */
export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Why a candidate was taken or passed over. */
export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was refused ("@tensorflow/tfjs-node not installed", "self-test failed: …"). */
  why?: string;
}

/** What useBestBackend chose, and why. */
export interface BackendInfo {
  /** Trainlab's name for it. */
  name: BackendName;
  /** The name TensorFlow.js uses (`tf.getBackend()`): "tensorflow", "wasm" or "cpu". */
  tfBackend: string;
  /** e.g. "SIMD, 1 thread" for wasm, or the GPU's name for tensorflow-gpu. */
  detail: string;
  /** The GPU device name, when the GPU backend is used and the name can be read. */
  gpuDevice?: string;
  /** Every candidate tried, in order. */
  attempts: BackendAttempt[];
  /** The one-line summary printed once per process. */
  message: string;
  /** The kernels added to / replaced in wasm, when wasm is used. */
  wasmPatch?: WasmPatchReport;
  /**
   * Threads the backend computes with (1 for cpu, 0 when TensorFlow chooses). wasm uses every
   * core (at most 8) unless `TRAINLAB_WASM_THREADS` says otherwise or Worker threads cannot run.
   */
  threads: number;
}

/** Options for useBestBackend. */
export interface UseBestBackendOptions {
  /**
   * Use exactly this backend (else fail with a TrainlabError). Default: the
   * `TRAINLAB_BACKEND` environment variable, else the fastest that works.
   */
  force?: BackendName | string;
  /** Print the one-line summary (once per process). Default true. */
  print?: boolean;
}

let chosen: { key: string; info: Promise<BackendInfo> } | null = null;
let printed = false;

/**
 * Selects the fastest backend that loads, runs a smoke op and passes the self-test (one
 * gradient step of a tiny conv + embedding model compared with `cpu`). Idempotent: a second
 * call returns the first answer at once.
 */
export async function useBestBackend(options: UseBestBackendOptions = {}): Promise<BackendInfo> {
  const force = (options.force ?? process.env.TRAINLAB_BACKEND ?? "").trim();
  if (force && !(BACKEND_NAMES as readonly string[]).includes(force)) {
    throw new TrainlabError(
      `Unknown backend "${force}" (from ${options.force ? "the force option" : "TRAINLAB_BACKEND"}); ` +
      `use one of: ${BACKEND_NAMES.join(", ")}, or leave it unset to pick the fastest.`);
  }
  planWasmThreads(); // a bad TRAINLAB_WASM_THREADS fails here, not as a silent fallback to cpu
  if (chosen == null || chosen.key !== force) {
    chosen = { key: force, info: select(force as BackendName | "") };
    chosen.info.catch(() => { chosen = null; });
  }
  const info = await chosen.info;
  if (tf.getBackend() !== info.tfBackend) await tf.setBackend(info.tfBackend);
  if (options.print !== false && !printed) {
    printed = true;
    console.log(info.message);
  }
  return info;
}

async function select(force: BackendName | ""): Promise<BackendInfo> {
  const order: BackendName[] = force ? [force] : [...BACKEND_NAMES];
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    const result = await tryBackend(name);
    if (typeof result === "string") {
      attempts.push({ name, ok: false, why: result });
      continue;
    }
    attempts.push({ name, ok: true });
    const refused = attempts.filter((a) => !a.ok).map((a) => a.why);
    const why = force ? "forced by " + (process.env.TRAINLAB_BACKEND === force ? "TRAINLAB_BACKEND" : "option")
      : refused.length ? refused.join("; ") : "the fastest available";
    const message = `Trainlab backend: ${name} (${result.detail}) — ${why}`;
    const info: BackendInfo = { name, attempts, message, ...result };
    // A notebook cell ending in `await useBestBackend()` shows this one line, not the whole object.
    Object.defineProperty(info, Symbol.for("nodejs.util.inspect.custom"), {
      value: () => `BackendInfo { ${name} (${result.detail}) }`, enumerable: false,
    });
    return info;
  }
  const last = attempts[attempts.length - 1];
  throw new TrainlabError(
    `Backend "${force}" cannot be used here: ${last.why}. ` +
    `Unset TRAINLAB_BACKEND (or choose another of ${BACKEND_NAMES.join(", ")}).`);
}

type Ready = Pick<BackendInfo, "tfBackend" | "detail" | "gpuDevice" | "wasmPatch" | "threads">;

/** Returns what is needed to use `name`, or a string saying why it cannot be used. */
async function tryBackend(name: BackendName): Promise<Ready | string> {
  let ready: Ready;
  try {
    if (name === "tensorflow-gpu" || name === "tensorflow") {
      const pkg = name === "tensorflow-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      // tfjs-node-gpu registers the same "tensorflow" backend; without a GPU it computes on the CPU.
      const already = name === "tensorflow" && tf.findBackend("tensorflow") != null;
      const loaded = already ? {} : loadPackage(pkg);
      if (typeof loaded === "string") return loaded;
      if (tf.findBackend("tensorflow") == null) return `${pkg} loaded but registered no "tensorflow" backend`;
      if (!(await tf.setBackend("tensorflow"))) return `${pkg}: the tensorflow backend did not initialise`;
      const usesGpu = nativeUsesGpu();
      if (name === "tensorflow-gpu" && usesGpu === false) {
        return `${pkg} is installed but TensorFlow found no CUDA GPU`;
      }
      const gpuDevice = name === "tensorflow-gpu" ? gpuName() : undefined;
      ready = {
        tfBackend: "tensorflow", threads: 0,
        detail: name === "tensorflow-gpu" ? `CUDA, ${gpuDevice ?? "GPU name unavailable"}` : "native TensorFlow CPU",
        gpuDevice,
      };
    } else if (name === "wasm") {
      const loaded = loadPackage("@tensorflow/tfjs-backend-wasm");
      if (typeof loaded === "string") return loaded;
      const wasmModule = loaded as WasmPackage & { setWasmPaths(prefix: string): void };
      const dir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
      wasmModule.setWasmPaths(dir + path.sep);
      const wasmPatch = patchWasmBackend();
      const plan = planWasmThreads();
      let reason = plan.reason;
      const failure = await startWasmBackend(wasmModule, plan.threads).then(
        (ok) => ok ? undefined : "it did not initialise", (error: Error) => String(error?.message ?? error).split("\n")[0]);
      if (failure) {
        if (plan.threads === 1 || !(await startWasmBackend(wasmModule, 1))) return `the wasm backend did not start: ${failure}`;
        reason = `the ${plan.threads}-thread build did not start (${failure})`;
      }
      const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
      const threads = wasmThreadCount(tf.backend());
      ready = {
        tfBackend: "wasm", wasmPatch, threads,
        detail: `${simd ? "SIMD" : "no SIMD"}, ${threads} thread${threads === 1 ? "" : "s"}${reason ? `: ${reason}` : ""}`,
      };
    } else {
      if (!(await tf.setBackend("cpu"))) return "the cpu backend did not initialise";
      ready = { tfBackend: "cpu", detail: "pure JavaScript", threads: 1 };
    }
    const smoke = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
    if (smoke[0] !== 4 || smoke[1] !== 6) return `smoke test: 1+3 gave ${smoke[0]}`;
  } catch (error) {
    return `${name} failed to start: ${(error as Error).message.split("\n")[0]}`;
  }
  const test = await selfTest(ready.tfBackend);
  if (!test.ok) return `${name} loads but fails the gradient self-test (${test.problem})`;
  await tf.setBackend(ready.tfBackend);
  return ready;
}

function loadPackage(pkg: string): unknown {
  try {
    require.resolve(pkg);
  } catch {
    return `${pkg} not installed`;
  }
  try {
    return require(pkg);
  } catch (error) {
    return `${pkg} installed but does not load (${(error as Error).message.split("\n")[0]})`;
  }
}

/** tfjs-node's binding says whether TensorFlow placed ops on a GPU (undefined: cannot tell). */
function nativeUsesGpu(): boolean | undefined {
  const binding = (tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean } }).binding;
  return typeof binding?.isUsingGpuDevice === "function" ? binding.isUsingGpuDevice() : undefined;
}

function gpuName(): string | undefined {
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=name", "--format=csv,noheader"], {
      encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"],
    });
    return out.split("\n").map((s) => s.trim()).filter(Boolean).join(", ") || undefined;
  } catch {
    return undefined;
  }
}
