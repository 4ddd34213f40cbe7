import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs";

/** A GPU as nvidia-smi describes it. */
export interface GpuInfo {
  name: string;
  memoryTotalMB: number;
  memoryUsedMB: number;
}

/** What this machine offers for training (see `machineReport`). */
export interface MachineReport {
  /** The TensorFlow.js backend in use: "tensorflow", "wasm" or "cpu". */
  backend: string;
  /** True when the "tensorflow" backend runs on a CUDA GPU (@tensorflow/tfjs-node-gpu). */
  backendOnGpu: boolean;
  /** Threads the backend computes with (wasm: its thread pool; cpu: 1; tensorflow: 0 = TensorFlow decides). */
  threads: number;
  /** Whether wasm uses SIMD instructions (undefined for other backends). */
  simd: boolean | undefined;
  cpuModel: string;
  cpuCores: number;
  memoryTotalGB: number;
  memoryFreeGB: number;
  /** Memory this process holds (resident set size), in MB. */
  processRssMB: number;
  /** GPUs seen by nvidia-smi (empty when none, or when nvidia-smi is missing). */
  gpus: GpuInfo[];
  /** Which optional backend packages are installed. */
  packages: { "@tensorflow/tfjs-node": boolean; "@tensorflow/tfjs-node-gpu": boolean; "@tensorflow/tfjs-backend-wasm": boolean };
  nodeVersion: string;
  tfjsVersion: string;
  platform: string;
}

/**
 * Describes the machine and the backend in use: the first thing to look at before deciding how
 * big a model or a batch can be, and the context every timing needs ("12,000 samples/s — on what?").
 */
export async function machineReport(): Promise<MachineReport> {
  const backend = tf.getBackend();
  const gpus = _gpus();
  let simd: boolean | undefined;
  let threads = backend === "cpu" ? 1 : 0;
  if (backend === "wasm") {
    simd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
    const module = (tf.backend() as unknown as { wasm?: { _get_threads_count?: () => number } }).wasm;
    const n = module?._get_threads_count?.();
    threads = typeof n === "number" && n > 0 ? n : 1;
  }
  const binding = backend === "tensorflow" ? (tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean } }).binding : undefined;
  const cpus = os.cpus();
  return {
    backend,
    backendOnGpu: Boolean(binding?.isUsingGpuDevice?.()),
    threads,
    simd,
    cpuModel: cpus[0]?.model?.trim() ?? "unknown",
    cpuCores: cpus.length,
    memoryTotalGB: _round(os.totalmem() / 2 ** 30, 1),
    memoryFreeGB: _round(os.freemem() / 2 ** 30, 1),
    processRssMB: _round(process.memoryUsage().rss / 2 ** 20, 0),
    gpus,
    packages: {
      "@tensorflow/tfjs-node": _installed("@tensorflow/tfjs-node"),
      "@tensorflow/tfjs-node-gpu": _installed("@tensorflow/tfjs-node-gpu"),
      "@tensorflow/tfjs-backend-wasm": _installed("@tensorflow/tfjs-backend-wasm"),
    },
    nodeVersion: process.version,
    tfjsVersion: tf.version.tfjs,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

/** The report as rows of {what, value}, for `lab.table`. */
export function machineRows(report: MachineReport): { what: string; value: string }[] {
  const gpu = report.gpus.length
    ? report.gpus.map((g) => `${g.name} (${g.memoryTotalMB} MB, ${g.memoryUsedMB} MB used)`).join("; ")
    : "none found (nvidia-smi absent or no NVIDIA GPU)";
  return [
    { what: "backend", value: `${report.backend}${report.backendOnGpu ? " on GPU" : ""}` },
    { what: "threads", value: report.threads === 0 ? "chosen by TensorFlow" : String(report.threads) },
    { what: "SIMD (wasm)", value: report.simd === undefined ? "n/a" : report.simd ? "yes" : "no" },
    { what: "CPU", value: `${report.cpuModel}, ${report.cpuCores} cores` },
    { what: "memory", value: `${report.memoryTotalGB} GB total, ${report.memoryFreeGB} GB free; this process ${report.processRssMB} MB` },
    { what: "GPU", value: gpu },
    { what: "backend packages", value: Object.entries(report.packages).map(([k, v]) => `${k} ${v ? "✓" : "✗"}`).join(", ") },
    { what: "versions", value: `Node ${report.nodeVersion}, TensorFlow.js ${report.tfjsVersion}, ${report.platform}` },
  ];
}

function _gpus(): GpuInfo[] {
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=name,memory.total,memory.used", "--format=csv,noheader,nounits"], {
      encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"],
    });
    return parseNvidiaSmi(out);
  } catch {
    return [];
  }
}

/** Parses `nvidia-smi --query-gpu=name,memory.total,memory.used --format=csv,noheader,nounits` output. */
export function parseNvidiaSmi(text: string): GpuInfo[] {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).flatMap((l) => {
    const parts = l.split(",").map((s) => s.trim());
    if (parts.length < 3) return [];
    const used = Number(parts[parts.length - 1]);
    const total = Number(parts[parts.length - 2]);
    // A GPU name may itself contain commas: everything before the two numbers is the name.
    const name = parts.slice(0, -2).join(", ");
    return Number.isFinite(total) && Number.isFinite(used) ? [{ name, memoryTotalMB: total, memoryUsedMB: used }] : [];
  });
}

function _installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

function _round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
