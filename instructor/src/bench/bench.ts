/**
 * `trainlab bench` (`npm run bench`): trains the reference MLP and CNN on every backend this
 * machine has (stock wasm, Trainlab's patched wasm, pure-JS cpu on a subset, native TensorFlow
 * when installed) and the identical models in PyTorch when Debian's python3-torch is there;
 * prints ms/epoch, samples/s and the ratio to PyTorch, and writes the table as markdown.
 *
 * Each backend runs in its own child process: the wasm patch changes tfjs' global kernel
 * registry, so "stock wasm" can only be measured in a process that never patched it.
 * Patched wasm and PyTorch run once per thread count (`--threads`, default 1 and every core),
 * so each row is compared with PyTorch on the same number of threads.
 */
import { fork, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { tf, useBestBackend } from "@trainlab/kernel-ext/dist/train";

/** The reference models of the benchmark. */
export type BenchModel = "mlp" | "cnn";
/** What one child process measures: a backend ("wasm-stock" = wasm without Trainlab's kernels). */
export type BenchBackend = "wasm" | "wasm-stock" | "cpu" | "tensorflow" | "tensorflow-gpu";

/** Options of `trainlab bench`, one per command-line flag. */
export interface BenchOptions {
  /** Training-set size (random 28×28×1 images, 10 classes). Default 2048. */
  samples: number;
  /**
   * Epochs per run, per model; the first is warm-up and the fastest of the rest is reported.
   * Default: MLP 12, CNN 5 (cpu always runs 2). The MLP's epochs are short (~60 ms) and V8 keeps
   * compiling tfjs' JavaScript for its first ~250 steps (8 epochs), so with 5 its "fastest of the
   * rest" still fell inside that warm-up (CPU 84–89 ms against 61–64 ms from epoch 9 on).
   */
  epochs: Record<BenchModel, number>;
  /** Mini-batch size. Default 64. */
  batch: number;
  /** Backends to measure. Default: every one available. */
  backends: BenchBackend[];
  /** Models to train. Default both. */
  models: BenchModel[];
  /** Samples the slow pure-JS `cpu` backend trains on, per model (its time is scaled to `samples`). */
  cpuSamples: Record<BenchModel, number>;
  /**
   * Thread counts for patched wasm (TRAINLAB_WASM_THREADS) and PyTorch (torch.set_num_threads).
   * Default 1 and every core (at most 8); stock wasm and cpu always run on one.
   */
  threads: number[];
  /** Run the PyTorch peer when /usr/bin/python3 can import torch. Default true. */
  torch: boolean;
  /** Also profile one epoch per model on patched wasm and print the costliest kernels. */
  profile: boolean;
  /** Where the markdown table goes. Default bench/results/latest.md in the repository (git-ignored). */
  out: string;
  /** The command-line arguments these options came from (echoed in the table's footer). */
  argv: string[];
}

/** One measured (model, backend) pair. */
export interface BenchRow {
  model: BenchModel;
  backend: string;
  /** Samples per epoch actually trained (cpu trains a subset). */
  samples: number;
  /** Wall-clock ms per epoch (the fastest timed epoch), scaled to `options.samples`. */
  msPerEpoch?: number;
  /** CPU ms of the process in that epoch: steadier than wall time on a shared machine. */
  cpuMsPerEpoch?: number;
  samplesPerSecond?: number;
  /** Why it could not be measured (e.g. a missing gradient kernel on stock wasm). */
  error?: string;
  /** Trainable parameters of the model as built (the same on every side, else not comparable). */
  params?: number;
  /** Threads the backend computed with. */
  threads?: number;
  detail?: string;
}

interface ChildRequest {
  backend: BenchBackend;
  model: BenchModel;
  samples: number;
  epochs: number;
  batch: number;
  profile: boolean;
  /** TRAINLAB_WASM_THREADS for the child (patched wasm only). */
  threads?: number;
}

interface KernelCost { name: string; ms: number; calls: number }

interface ChildResult {
  params?: number;
  epochMs?: number[];
  epochCpuMs?: number[];
  error?: string;
  threads?: number;
  detail?: string;
  profile?: { wallMs: number; kernelMs: number; kernels: KernelCost[] };
}

const USAGE = `usage: trainlab bench [--samples N] [--epochs N] [--batch N] [--models mlp,cnn]
                     [--backends wasm,wasm-stock,cpu,tensorflow,tensorflow-gpu]
                     [--threads 1,2] [--cpu-samples N] [--no-torch] [--profile] [--out FILE]`;

/** Entry point for `trainlab bench`; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    console.error(`trainlab bench: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const loadAverage = os.loadavg()[0];
  const rows: BenchRow[] = [];
  const profiles: string[] = [];
  let torchInfo = options.torch ? "" : "PyTorch: not run (--no-torch).";
  let torchMissing = false;
  const ceilings: Ceiling[] = [];
  const most = Math.max(...options.threads);
  // Model by model, PyTorch right after the tfjs runs of the same model: on a shared machine
  // the load changes by the minute, and runs close in time are the fairest comparison.
  for (const model of options.models) {
    for (const backend of options.backends) {
      for (const threads of backend === "wasm" ? options.threads : [undefined]) {
        const samples = backend === "cpu" ? Math.min(options.cpuSamples[model], options.samples) : options.samples;
        // cpu: one warm-up epoch and one timed one (a CNN batch takes seconds there).
        const epochs = backend === "cpu" ? 2 : options.epochs[model];
        const on = threads === undefined ? "" : `, ${threads} thread${threads === 1 ? "" : "s"}`;
        process.stdout.write(`  ${model} on ${backend}${on} (${samples} samples × ${epochs} epochs) … `);
        const result = await runChild({
          backend, model, samples, epochs, batch: options.batch, threads,
          profile: options.profile && backend === "wasm" && threads === options.threads[0],
        });
        const row = toRow(model, backend, samples, result, options.samples);
        rows.push(row);
        console.log(row.error ? `failed: ${row.error}` : `${fmt(row.msPerEpoch!)} ms/epoch`);
        if (result.profile) profiles.push(profileText(model, result.profile, row.msPerEpoch! * (samples / options.samples)));
        // What this machine gives several threads at most: as many independent one-thread runs at once.
        if (backend === "wasm" && threads === 1 && most > 1 && result.epochMs) {
          process.stdout.write(`  ${model} on wasm, ${most} one-thread processes at once … `);
          const together = await Promise.all(Array.from({ length: most }, () => runChild({ backend, model, samples, epochs, batch: options.batch, threads: 1, profile: false })));
          const failed = together.find((r) => r.error || !r.epochMs);
          if (failed) console.log(`failed: ${failed.error ?? "no result"}`);
          else {
            const ceiling = { model, processes: most, ratio: together.reduce((sum, r) => sum + 1 / meanEpoch(r.epochMs!), 0) * meanEpoch(result.epochMs) };
            ceilings.push(ceiling);
            console.log(`× ${ceiling.ratio.toFixed(2)} the samples/s of one alone`);
          }
        }
      }
    }
    for (const threads of options.threads) {
      if (!options.torch || torchMissing) break;
      process.stdout.write(`  ${model} in PyTorch (${threads} thread${threads === 1 ? "" : "s"}) … `);
      const peer = runTorch(options, model, threads);
      if (typeof peer === "string") {
        console.log(`skipped: ${peer}`);
        torchInfo = `PyTorch: not run (${peer}).`;
        torchMissing = true;
        break;
      }
      torchInfo = `PyTorch ${peer.torch}, BLAS: ${peer.blas}.`;
      const times = peer.results[model];
      const scale = options.samples / peer.samples;
      const best = fastestEpoch(times, peer.cpu_results?.[model] ?? times);
      const ms = best.wall * scale;
      const row: BenchRow = { model, backend: "pytorch", samples: peer.samples, msPerEpoch: ms,
        cpuMsPerEpoch: best.cpu * scale, samplesPerSecond: options.samples / (ms / 1000), threads: peer.threads,
        params: peer.params?.[model] };
      rows.push(row);
      console.log(`${fmt(ms)} ms/epoch`);
    }
  }
  for (const model of options.models) {
    const counts = new Set(rows.filter((r) => r.model === model && r.params !== undefined).map((r) => r.params));
    if (counts.size > 1) console.error(`warning: the ${model} models differ between backends/PyTorch (parameters: ${[...counts].join(", ")})`);
  }
  const markdown = renderMarkdown(rows, options, torchInfo, loadAverage, ceilings);
  console.log("\n" + markdown);
  for (const text of profiles) console.log(text);
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, markdown + (profiles.length ? "\n" + profiles.join("\n") : ""));
  console.log(`Written to ${options.out}`);
  return 0;
}

/** Epochs per model unless --epochs says otherwise (see BenchOptions.epochs). */
export const DEFAULT_EPOCHS: Record<BenchModel, number> = { mlp: 12, cnn: 5 };

function epochsText(options: BenchOptions): string {
  const counts = options.models.map((m) => options.epochs[m]);
  return new Set(counts).size === 1 ? `${counts[0]} epochs` : `epochs: ${options.models.map((m) => `${m.toUpperCase()} ${options.epochs[m]}`).join(", ")}`;
}

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    samples: 2048, epochs: { ...DEFAULT_EPOCHS }, batch: 64, backends: availableBackends(), models: ["mlp", "cnn"],
    cpuSamples: { mlp: 512, cnn: 64 }, threads: defaultThreads(), torch: true, profile: false,
    out: path.resolve(__dirname, "..", "..", "..", "bench", "results", "latest.md"), argv,
  };
  const int = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer ≥ ${min}, got "${value}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case "--samples": options.samples = int(flag, value, 64); i++; break;
      case "--epochs": { const n = int(flag, value, 2); options.epochs = { mlp: n, cnn: n }; i++; break; }
      case "--batch": options.batch = int(flag, value, 1); i++; break;
      case "--cpu-samples": {
        const n = int(flag, value, 64);
        options.cpuSamples = { mlp: n, cnn: n };
        i++;
        break;
      }
      case "--models": options.models = list(flag, value, ["mlp", "cnn"]) as BenchModel[]; i++; break;
      case "--backends":
        options.backends = list(flag, value, ["wasm", "wasm-stock", "cpu", "tensorflow", "tensorflow-gpu"]) as BenchBackend[];
        i++;
        break;
      case "--threads": {
        const counts = (value ?? "").split(",").map((t) => int(flag, t.trim(), 1));
        if (counts.some((t) => t > 8)) throw new Error(`${flag}: at most 8 threads (the wasm backend's limit)`);
        options.threads = [...new Set(counts)];
        i++;
        break;
      }
      case "--no-torch": options.torch = false; break;
      case "--profile": options.profile = true; break;
      case "--out": options.out = path.resolve(value ?? ""); i++; break;
      default: throw new Error(`unknown option "${flag}"`);
    }
  }
  return options;
}

function list(flag: string, value: string | undefined, valid: string[]): string[] {
  const items = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((s) => !valid.includes(s));
  if (items.length === 0 || bad.length) throw new Error(`${flag}: use a comma-separated list of ${valid.join(", ")}`);
  return items;
}

/** One thread, and every core the machine has (at most 8) when that is more. */
function defaultThreads(): number[] {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return cores > 1 ? [1, Math.min(cores, 8)] : [1];
}

/** tfjs-node(-gpu) only when its package resolves; the wasm and cpu backends always. */
function availableBackends(): BenchBackend[] {
  const found: BenchBackend[] = [];
  for (const [pkg, name] of [["@tensorflow/tfjs-node-gpu", "tensorflow-gpu"], ["@tensorflow/tfjs-node", "tensorflow"]] as const) {
    try {
      require.resolve(pkg);
      found.push(name);
    } catch {
      // not installed: nothing to measure
    }
  }
  return [...found, "wasm", "wasm-stock", "cpu"];
}

function runChild(request: ChildRequest): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = fork(__filename, ["--bench-child", JSON.stringify(request)], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      env: { ...process.env, TRAINLAB_BACKEND: "", TRAINLAB_WASM_THREADS: String(request.threads ?? 1) },
    });
    let result: ChildResult | undefined;
    let stderr = "";
    child.stderr?.on("data", (chunk) => { stderr += String(chunk); });
    child.on("message", (message) => { result = message as ChildResult; });
    child.on("exit", (code) => {
      resolve(result ?? { error: `child exited with code ${code}: ${stderr.trim().split("\n").pop() ?? ""}` });
    });
  });
}

function toRow(model: BenchModel, backend: string, samples: number, r: ChildResult, target: number): BenchRow {
  if (r.error || !r.epochMs) return { model, backend, samples, error: r.error ?? "no result", threads: r.threads, detail: r.detail, params: r.params };
  const best = fastestEpoch(r.epochMs, r.epochCpuMs ?? r.epochMs);
  const ms = best.wall * (target / samples);
  return { model, backend, samples, msPerEpoch: ms, cpuMsPerEpoch: best.cpu * (target / samples),
    samplesPerSecond: target / (ms / 1000), threads: r.threads, detail: r.detail, params: r.params };
}

interface TorchResult {
  torch: string; threads: number; blas: string; samples: number;
  results: Record<string, number[]>; cpu_results?: Record<string, number[]>; params?: Record<string, number>;
}

function runTorch(options: BenchOptions, model: BenchModel, threads: number): TorchResult | string {
  const python = "/usr/bin/python3";
  if (!fs.existsSync(python)) return `${python} not found`;
  const script = path.resolve(__dirname, "..", "..", "src", "bench", "torch_peer.py");
  if (!fs.existsSync(script)) return `${script} not found`;
  const n = String(threads);
  const run = spawnSync(python, [script, JSON.stringify({
    samples: options.samples, epochs: options.epochs[model], batch: options.batch, threads, models: [model],
  })], {
    encoding: "utf8", timeout: 600_000,
    env: { ...process.env, OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n },
  });
  if (run.status !== 0) {
    if (/No module named .?torch/.test(run.stderr || "")) {
      return "python3-torch not installed (apt-get install -y python3-torch libopenblas0-pthread)";
    }
    return `torch_peer.py failed: ${(run.stderr || "").trim().split("\n").pop()}`;
  }
  try {
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as TorchResult;
  } catch {
    return "torch_peer.py printed no JSON";
  }
}

/** N independent one-thread runs at once: their samples/s together over one run's alone. */
interface Ceiling {
  model: BenchModel;
  processes: number;
  ratio: number;
}

/** Mean epoch time after the warm-up epoch (runs side by side overlap for all of them, not just the fastest). */
function meanEpoch(epochMs: number[]): number {
  const timed = epochMs.length > 1 ? epochMs.slice(1) : epochMs;
  return timed.reduce((a, b) => a + b, 0) / timed.length;
}

function renderMarkdown(rows: BenchRow[], options: BenchOptions, torchInfo: string, loadAverage: number, ceilings: Ceiling[] = []): string {
  const find = (model: string, backend: string, threads?: number) => rows.find((r) =>
    r.model === model && r.backend === backend && r.samplesPerSecond && (threads === undefined || r.threads === threads));
  const lines = [
    `| model | params | backend | threads | ms/epoch | CPU ms/epoch | samples/s | × PyTorch | × PyTorch (CPU time) | × cpu | × 1 thread |`,
    `|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  for (const row of rows) {
    // PyTorch on as many threads as this row; stock wasm and cpu rows are one-thread rows.
    const torch = find(row.model, "pytorch", row.threads ?? 1);
    const cpu = find(row.model, "cpu");
    const oneThread = row.threads !== undefined && row.threads > 1 ? find(row.model, row.backend, 1) : undefined;
    const sps = row.samplesPerSecond;
    const ratio = (other?: BenchRow) => (sps && other?.samplesPerSecond && other !== row ? (sps / other.samplesPerSecond).toFixed(2) : "");
    const cpuRatio = (other?: BenchRow) => (row.cpuMsPerEpoch && other?.cpuMsPerEpoch && other !== row ? (other.cpuMsPerEpoch / row.cpuMsPerEpoch).toFixed(2) : "");
    const name = BACKEND_LABEL[row.backend] ?? row.backend;
    const params = row.params === undefined ? "" : row.params.toLocaleString("en-US");
    const subset = row.samples < options.samples ? ` (timed on ${row.samples}, scaled)` : "";
    lines.push(row.error
      ? `| ${row.model.toUpperCase()} | ${params} | ${name} | ${row.threads ?? ""} | cannot train: ${row.error.replace(/\|/g, "/")} | | | | | | |`
      : `| ${row.model.toUpperCase()} | ${params} | ${name}${subset} | ${row.threads ?? ""} | ${fmt(row.msPerEpoch!)} | ` +
        `${fmt(row.cpuMsPerEpoch!)} | ${fmt(sps!)} | ${ratio(torch)} | ${cpuRatio(torch)} | ${ratio(cpu)} | ${ratio(oneThread)} |`);
  }
  const cpus = os.cpus();
  return [
    `Reference models on ${options.samples} random 28×28×1 images, batch ${options.batch}, adam, ` +
    `${epochsText(options)} (cpu: 2); the first epoch is warm-up, the fastest of the rest is reported, as ` +
    `wall-clock ms and as CPU ms of the process, for ${options.samples} samples. Ratios are samples/s over ` +
    `PyTorch's on as many threads (× PyTorch), the same by CPU time, over pure-JS cpu's (× cpu), and over ` +
    `the same backend's on one thread (× 1 thread). CPU time counts every thread, so it does not shrink with threads.`,
    "",
    ...lines,
    "",
    ...(ceilings.length
      ? [
          `What the machine gives more threads at most: ${ceilings.map((c) => `${c.processes} independent one-thread ${c.model.toUpperCase()} trainings at once get × ${c.ratio.toFixed(2)}`).join("; ")} ` +
            `the samples/s of one alone (mean epochs; no shared work, no synchronisation — a multi-threaded run cannot scale further than that).`,
          "",
        ]
      : []),
    `Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} logical cores, load average ` +
    `${loadAverage.toFixed(1)} at start; Node ${process.version}, tfjs ${tf.version_core}. ${torchInfo}`,
    `Command: \`npm run bench${options.argv.length ? " -- " + options.argv.join(" ") : ""}\` ` +
    `(${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC).`,
    "",
  ].join("\n");
}

const BACKEND_LABEL: Record<string, string> = {
  "wasm": "wasm (Trainlab kernels)",
  "wasm-stock": "wasm (stock tfjs 4.22)",
  "cpu": "cpu (pure JS)",
  "tensorflow": "tensorflow (tfjs-node)",
  "tensorflow-gpu": "tensorflow-gpu (CUDA)",
  "pytorch": "PyTorch (CPU)",
};

function profileText(model: BenchModel, p: NonNullable<ChildResult["profile"]>, epochMs: number): string {
  const share = Math.min(100, (100 * p.kernelMs) / epochMs);
  const lines = [
    `Profile, ${model.toUpperCase()} on patched wasm, one epoch under tf.profile: ${fmt(p.wallMs)} ms wall ` +
    `(${fmt(epochMs)} ms without the profiler); ${fmt(p.kernelMs)} ms inside kernels (each kernel's own ` +
    `JavaScript included), ${share.toFixed(0)}% of the unprofiled epoch.`,
    "",
    "| kernel | ms/epoch | calls/epoch | share of kernel time |",
    "|---|---:|---:|---:|",
  ];
  for (const k of p.kernels) {
    lines.push(`| ${k.name} | ${k.ms.toFixed(1)} | ${k.calls} | ${((100 * k.ms) / p.kernelMs).toFixed(1)}% |`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The fastest epoch after the first (warm-up): on a shared machine the minimum is the
 * measurement least disturbed by other processes, and the same rule is applied to PyTorch.
 */
function fastestEpoch(wall: number[], cpu: number[]): { wall: number; cpu: number } {
  let best = 1;
  for (let i = 2; i < wall.length; i++) if (wall[i] < wall[best]) best = i;
  return { wall: wall[best], cpu: cpu[best] };
}

function fmt(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1);
}

// ---- child process: one backend, one model -------------------------------------------------

async function child(request: ChildRequest): Promise<ChildResult> {
  let threads = 1;
  let detail = "";
  if (request.backend === "wasm-stock") {
    const wasm = require("@tensorflow/tfjs-backend-wasm") as { setWasmPaths(p: string): void; getThreadsCount(): number };
    const dir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    wasm.setWasmPaths(dir + path.sep);
    if (!(await tf.setBackend("wasm"))) return { error: "the wasm backend did not initialise" };
    threads = wasm.getThreadsCount();
    detail = "stock";
  } else {
    const info = await useBestBackend({ force: request.backend, print: false });
    threads = info.threads || os.cpus().length;
    detail = info.detail;
  }
  const n = request.samples;
  const x = tf.randomUniform([n, 28, 28, 1], 0, 1, "float32", 1);
  const labels = tf.randomUniform([n], 0, 10, "int32", 2);
  const y = tf.oneHot(labels as tf.Tensor1D, 10);
  labels.dispose();
  const model = request.model === "mlp" ? mlp() : cnn();
  const params = model.countParams();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const epochMs: number[] = [];
  const epochCpuMs: number[] = [];
  let start = 0;
  let cpuStart = process.cpuUsage();
  try {
    await model.fit(x, y, {
      epochs: request.epochs, batchSize: request.batch, shuffle: true, verbose: 0,
      callbacks: {
        onEpochBegin: async () => { start = performance.now(); cpuStart = process.cpuUsage(); },
        onEpochEnd: async () => {
          epochMs.push(performance.now() - start);
          const used = process.cpuUsage(cpuStart);
          epochCpuMs.push((used.user + used.system) / 1000);
        },
      },
    });
  } catch (error) {
    return { error: (error as Error).message.split("\n")[0], threads, detail, params };
  }
  let profile: ChildResult["profile"];
  if (request.profile) {
    const t0 = performance.now();
    const info = await tf.profile(async () => {
      await model.fit(x, y, { epochs: 1, batchSize: request.batch, shuffle: true, verbose: 0 });
      return [];
    });
    const wallMs = performance.now() - t0;
    const byName = new Map<string, KernelCost>();
    let kernelMs = 0;
    for (const k of info.kernels) {
      // "…__op" entries are op scopes (customGrad) around kernels that are counted themselves.
      if (k.name.endsWith("__op")) continue;
      const ms = Number(await k.kernelTimeMs);
      kernelMs += ms;
      const entry = byName.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
      entry.ms += ms;
      entry.calls += 1;
      byName.set(k.name, entry);
    }
    const kernels = [...byName.values()].sort((a, b) => b.ms - a.ms).slice(0, 12);
    profile = { wallMs, kernelMs, kernels };
  }
  tf.dispose([x, y]);
  model.dispose();
  return { epochMs, epochCpuMs, threads, detail, profile, params };
}

function mlp(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
  m.add(tf.layers.dense({ units: 128, activation: "relu" }));
  m.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  return m;
}

function cnn(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: "relu" }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: "relu" }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  return m;
}

if (require.main === module && process.argv[2] === "--bench-child") {
  child(JSON.parse(process.argv[3]) as ChildRequest)
    .catch((error: Error) => ({ error: error.message.split("\n")[0] }))
    .then((result) => process.send!(result, () => process.exit(0)));
} else if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
