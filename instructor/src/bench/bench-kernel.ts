/**
 * `trainlab bench-kernel`: how fast cells answer, as a Jupyter frontend sees it. In one run it
 * measures Trainlab's kernel, plain tslab (same version, no Trainlab launcher) and a plain
 * `node` REPL: kernel ready, the first import of kernel-ext with backend selection, a trivial
 * cell, the same cell after 100 executed cells, and a cell with a type error. Each is timed from
 * request to reply (wall) and by the kernel process's CPU time (less inflated on a busy machine).
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { quantile } from "@trainlab/kernel-ext/dist/core/stats";
import { jupyterEnv, jupyterPython, repoRoot } from "../cli/paths";

const USAGE = `Usage: bench-kernel [--runs N] [--cells N] [--kernels trainlab,tslab,node] [--out FILE]
  Starts each kernel N times (default 3) and times: ready, the first cell answered, the first
  import of kernel-ext with backend selection (sent 2 s after the cell before it), a trivial cell, the same after --cells executed cells (default 100), and a
  cell with a type error. Writes a markdown table to --out (default bench/results/kernel-latency.md).`;

/** Which kernels to compare. */
export type KernelName = "trainlab" | "tslab" | "node";

export interface BenchKernelOptions {
  /** Kernel starts per kernel (medians are over all of them). Default 3. */
  runs?: number;
  /** Cells executed between the two trivial-cell measurements. Default 100. */
  cells?: number;
  /** Kernels to measure. Default all three. */
  kernels?: KernelName[];
}

/** One timing: medians (seconds) of wall time and of the kernel's CPU time. */
export interface Timing {
  wall: number;
  cpu: number;
  /** Every wall time measured (seconds). */
  walls: number[];
}

/** One kernel's figures; null where a step does not apply (the node REPL has no type errors). */
export interface KernelLatency {
  kernel: KernelName;
  ready: Timing;
  /** From the kernel's start until its first cell (`1 + 1`, sent at ready) answered. */
  firstAnswer: Timing;
  trivialBefore: Timing;
  importBackend: Timing;
  trivial: Timing;
  trivialAfterCells: Timing;
  typeError: Timing | null;
}

const IMPORT_TS = 'import * as lab from "@trainlab/kernel-ext";\nconst backend = await lab.useBestBackend();';
const TRIVIAL_TS = "const a: number = 3; a * 2";
/** Seconds between the last trivial cell and the import (a learner reading the first cells). */
export const IMPORT_PAUSE_S = 2;

/** The steps sent to a Jupyter kernel, in order. */
function jupyterSteps(cells: number) {
  return [
    { name: "trivialBefore", code: "1 + 1", repeat: 3 },
    // A learner reads the first cells before running the import: 2 s, for every kernel alike.
    { name: "importBackend", code: IMPORT_TS, pause: IMPORT_PAUSE_S },
    { name: "trivial", code: TRIVIAL_TS, repeat: 10 },
    { name: "cells", code: "const v{i}: number = {i}; v{i} * 2", repeat: cells },
    { name: "trivialAfterCells", code: TRIVIAL_TS, repeat: 10 },
    // Plain tslab drops requests for 200 ms after a failed cell: pause so it answers them.
    { name: "typeError", code: 'const s: string = 5;', repeat: 3, pause: 0.3 },
  ];
}

/** Measures the kernels; one entry per kernel, medians over `runs` kernel starts. */
export async function benchKernel(options: BenchKernelOptions = {}): Promise<KernelLatency[]> {
  const runs = options.runs ?? 3;
  const cells = options.cells ?? 100;
  const kernels = options.kernels ?? ["trainlab", "tslab", "node"];
  const out: KernelLatency[] = [];
  for (const kernel of kernels) {
    const samples: Record<string, { wall: number[]; cpu: number[] }> = {};
    const add = (name: string, wall: number[], cpu: number[]) => {
      const s = (samples[name] ??= { wall: [], cpu: [] });
      s.wall.push(...wall);
      s.cpu.push(...cpu);
    };
    for (let run = 0; run < runs; run++) {
      const result = kernel === "node" ? await nodeRepl(cells) : jupyterKernel(kernel, cells);
      add("ready", [result.ready], [result.ready_cpu]);
      // Start until the first cell (sent the moment the kernel is ready) has answered: what work
      // a kernel defers past "ready" shows up here.
      const first = result.steps[0];
      add("firstAnswer", [result.ready + first.seconds[0]], [result.ready_cpu + first.cpu[0]]);
      for (const step of result.steps) {
        if (step.status.some((s) => s !== (step.name === "typeError" ? "error" : "ok"))) {
          throw new TrainlabError(`${kernel}: step ${step.name} answered ${step.status.join(", ")}; the benchmark would time a broken run.`);
        }
        add(step.name, step.seconds, step.cpu);
      }
    }
    const timing = (name: string): Timing | null =>
      samples[name] ? { wall: median(samples[name].wall), cpu: median(samples[name].cpu), walls: samples[name].wall } : null;
    out.push({
      kernel,
      ready: timing("ready")!,
      firstAnswer: timing("firstAnswer")!,
      trivialBefore: timing("trivialBefore")!,
      importBackend: timing("importBackend")!,
      trivial: timing("trivial")!,
      trivialAfterCells: timing("trivialAfterCells")!,
      typeError: timing("typeError"),
    });
  }
  return out;
}

interface DriverResult {
  ready: number;
  ready_cpu: number;
  steps: { name: string; seconds: number[]; cpu: number[]; status: string[] }[];
}

/** One start of a Jupyter kernel driven by kernel_latency.py (beside this file) (jupyter_client). */
function jupyterKernel(kernel: "trainlab" | "tslab", cells: number): DriverResult {
  const root = repoRoot();
  const env = jupyterEnv();
  let specDir: string | undefined;
  if (kernel === "tslab") {
    // Plain tslab, as `tslab install` would register it, from this repository's node_modules.
    specDir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-bench-tslab-"));
    fs.mkdirSync(path.join(specDir, "kernels", "tslab"), { recursive: true });
    const bin = path.join(path.dirname(require.resolve("tslab/package.json")), "bin", "tslab");
    fs.writeFileSync(
      path.join(specDir, "kernels", "tslab", "kernel.json"),
      JSON.stringify({ argv: [process.execPath, bin, "kernel", "--config-path", "{connection_file}"], display_name: "tslab", language: "typescript" }),
    );
    env.JUPYTER_PATH = [specDir, env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  }
  try {
    const r = spawnSync(jupyterPython(), [path.resolve(__dirname, "..", "..", "src", "bench", "kernel_latency.py")], {
      input: JSON.stringify({ kernel, cwd: path.join(root, "notebooks"), steps: jupyterSteps(cells) }),
      env,
      encoding: "utf8",
      timeout: 900_000,
      maxBuffer: 64 << 20,
    });
    // jupyter_client prints a harmless "Exception ignored in: KernelClient.__del__" at exit: skip it.
    const stderr = r.stderr.split("Exception ignored in")[0].trim().split("\n").slice(-8).join("\n");
    if (r.status !== 0) throw new TrainlabError(`the ${kernel} kernel benchmark failed (${r.status ?? r.signal}): ${stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as DriverResult;
  } finally {
    if (specDir) fs.rmSync(specDir, { recursive: true, force: true });
  }
}

/** One start of a plain `node` REPL in notebooks/, the same steps in JavaScript (no type errors to report). */
async function nodeRepl(cells: number): Promise<DriverResult> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ["-i"], { cwd: path.join(repoRoot(), "notebooks"), stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_NO_READLINE: "1" } });
  let buffer = "";
  let waiting: (() => void) | null = null;
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString();
    if (waiting && buffer.endsWith("> ")) waiting();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const prompt = () =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TrainlabError(`node REPL: no prompt within 120 s; output: ${buffer.slice(-500)}`)), 120_000);
      waiting = () => {
        clearTimeout(timer);
        waiting = null;
        resolve();
      };
      if (buffer.endsWith("> ")) waiting();
    });
  const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
  try {
    await prompt();
    const result: DriverResult = { ready: seconds(started), ready_cpu: cpuSeconds(child.pid!), steps: [] };
    const step = async (name: string, code: (i: number) => string, repeat = 1) => {
      const s = { name, seconds: [] as number[], cpu: [] as number[], status: [] as string[] };
      for (let i = 0; i < repeat; i++) {
        buffer = "";
        const c0 = cpuSeconds(child.pid!);
        const t0 = process.hrtime.bigint();
        child.stdin.write(code(i) + "\n");
        await prompt();
        s.seconds.push(seconds(t0));
        s.cpu.push(cpuSeconds(child.pid!) - c0);
        s.status.push(/Uncaught|Error:/.test(buffer) ? "error" : "ok");
      }
      result.steps.push(s);
    };
    await step("trivialBefore", () => "1 + 1", 3);
    await new Promise((r) => setTimeout(r, IMPORT_PAUSE_S * 1000));
    await step("importBackend", () => 'var lab = require("@trainlab/kernel-ext"); await lab.useBestBackend(); 0');
    await step("trivial", () => "var a = 3; a * 2", 10);
    await step("cells", (i) => `var v${i} = ${i}; v${i} * 2`, cells);
    await step("trivialAfterCells", () => "var a = 3; a * 2", 10);
    return result;
  } finally {
    child.kill("SIGKILL");
  }
}

/** CPU time (user + system) of a process so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(/\s+/);
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** The median of the finite values (NaN when there are none). */
function median(values: number[]): number {
  return quantile(values.filter(Number.isFinite), 0.5);
}

/** The targets from issue 16 (idle 2-core machine), in seconds. */
export const TARGETS = { ready: 2, importBackend: 2, trivial: 0.15 };

/** The results as a markdown table: median wall time (median CPU time), min–max wall over all samples. */
export function formatKernelLatency(rows: KernelLatency[], cells: number): string {
  const cell = (t: Timing | null) => {
    if (!t) return "—";
    const ms = (s: number) => (s < 10 ? `${Math.round(s * 1000)}` : `${s.toFixed(0)}`);
    const range = t.walls.length > 1 ? ` (${ms(Math.min(...t.walls))}–${ms(Math.max(...t.walls))})` : "";
    return `${ms(t.wall)}${range} / ${Number.isFinite(t.cpu) ? ms(t.cpu) : "?"}`;
  };
  const names: Record<KernelName, string> = { trainlab: "Trainlab kernel", tslab: "plain tslab 1.0.22", node: "node REPL (JavaScript)" };
  const lines = [
    `| kernel | ready | first cell answered (from start) | first import + backend | trivial cell before import | trivial cell | trivial cell after ${cells} cells | type error |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${names[r.kernel]} | ${cell(r.ready)} | ${cell(r.firstAnswer)} | ${cell(r.importBackend)} | ${cell(r.trivialBefore)} | ${cell(r.trivial)} | ${cell(r.trivialAfterCells)} | ${cell(r.typeError)} |`),
  ];
  return lines.join("\n");
}

/** Prints and writes the table, and how the Trainlab kernel compares with the targets. */
export async function main(argv: string[]): Promise<number> {
  const options: BenchKernelOptions = {};
  let out = path.join(repoRoot(), "bench", "results", "kernel-latency.md");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return console.log(USAGE), 0;
    else if (a === "--runs") options.runs = Number(argv[++i]);
    else if (a === "--cells") options.cells = Number(argv[++i]);
    else if (a === "--kernels") options.kernels = String(argv[++i]).split(",") as KernelName[];
    else if (a === "--out") out = path.resolve(argv[++i] ?? "");
    else throw new TrainlabError(`unknown argument ${a}.\n${USAGE}`);
  }
  for (const [name, v] of [["--runs", options.runs], ["--cells", options.cells]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new TrainlabError(`${name} must be a positive integer.\n${USAGE}`);
  }
  const unknown = (options.kernels ?? []).filter((k) => !["trainlab", "tslab", "node"].includes(k));
  if (unknown.length) throw new TrainlabError(`--kernels takes trainlab, tslab and node; got ${unknown.join(", ")}.\n${USAGE}`);
  const cells = options.cells ?? 100;
  const load = () => os.loadavg()[0].toFixed(1);
  const head = `kernel latency: ${options.runs ?? 3} kernel starts each, ${os.cpus().length} cores, Node ${process.version}, load average ${load()} at start`;
  console.log(head);
  const rows = await benchKernel(options);
  const table = formatKernelLatency(rows, cells);
  const trainlab = rows.find((r) => r.kernel === "trainlab");
  const verdict = trainlab
    ? [
        `ready ${trainlab.ready.wall.toFixed(2)} s (target ≤ ${TARGETS.ready} s)`,
        `import + backend ${trainlab.importBackend.wall.toFixed(2)} s (target ≤ ${TARGETS.importBackend} s)`,
        `trivial cell ${Math.round(trainlab.trivial.wall * 1000)} ms, after ${cells} cells ${Math.round(trainlab.trivialAfterCells.wall * 1000)} ms (target ≤ ${TARGETS.trivial * 1000} ms, not growing)`,
      ].join("; ")
    : "";
  const text = `${head}, ${load()} at end.\nms: median wall (min–max) / median CPU time of the kernel process.\n\n${table}\n\nTrainlab: ${verdict}\n`;
  console.log(`\n${table}\n\nTrainlab: ${verdict}\nload average ${load()} at end; wrote ${out}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof TrainlabError ? `bench-kernel: ${e.message}` : e);
      process.exit(1);
    },
  );
}
