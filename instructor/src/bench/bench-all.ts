/**
 * `npm run bench` (`trainlab bench-all`): every benchmark in one run — training against PyTorch
 * on 1 and every core, grading throughput, the prediction server under load, cell latency — each
 * step in its own process, one after the other. It first checks the machine is idle enough to
 * measure (others' CPU use over two seconds, and the load average) and refuses when it is not,
 * unless `--force`; it prints the load average at the start and at the end, and the time each step took.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { repoRoot } from "../cli/paths";

const USAGE = `Usage: bench-all [--force] [--quick] [--no-torch] [bench's options…]
  Runs bench, bench-grading, bench-serve and bench-kernel in turn (~5 minutes on an idle 2-core
  machine); other options (--profile, --threads 1,2, …) go to the training step, \`trainlab bench\`.
  Refuses to start when the machine is busy (another process using CPU, or a load average above
  half the cores): such figures measure the other processes. --force runs anyway
  and marks the run as taken on a busy machine. --quick: fewer submissions, requests and kernel starts.`;

/** Options of {@link benchAll}. */
export interface BenchAllOptions {
  /** Run even when the machine is busy (the figures are then not idle-machine figures). Default false. */
  force?: boolean;
  /** Smaller runs of every step (for a check that the benchmarks work, not for figures). Default false. */
  quick?: boolean;
  /** Skip the PyTorch peer. Default false. */
  noTorch?: boolean;
  /** Options for the training step (`trainlab bench`), e.g. `["--profile"]`. Default none. */
  benchArgs?: string[];
}

/** How busy the machine is before the benchmark starts. */
export interface Busyness {
  /** The 1-, 5- and 15-minute load averages. */
  loadAverage: number[];
  cores: number;
  /** Fraction of all cores' time spent busy (user, nice, system, irq, steal) over the sample. */
  busy: number;
}

/** Samples /proc/stat over `ms` milliseconds (busy: NaN where it cannot be read). */
export async function measureBusyness(ms = 2000): Promise<Busyness> {
  const read = () => {
    const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const idle = cpu[3] + (cpu[4] || 0);
    const total = cpu.slice(0, 8).reduce((s, v) => s + (v || 0), 0);
    return { idle, total };
  };
  let busy = NaN;
  try {
    const a = read();
    await new Promise((r) => setTimeout(r, ms));
    const b = read();
    busy = b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : NaN;
  } catch {
    /* not Linux: only the load average */
  }
  return { loadAverage: os.loadavg(), cores: os.cpus().length, busy };
}

/**
 * Why the machine is too busy to measure, or null. Busy: others use more than 15 % of all cores
 * right now, or the 1-minute load average is above half the cores (an idle 2-core machine here
 * showed 0.5–0.9 between benchmark steps).
 */
export function tooBusy(b: Busyness): string | null {
  if (b.busy > 0.15) return `other processes are using ${(b.busy * 100).toFixed(0)} % of the ${b.cores} cores right now`;
  if (b.loadAverage[0] > b.cores / 2) return `the 1-minute load average is ${b.loadAverage[0].toFixed(1)} on ${b.cores} cores`;
  return null;
}

/** The steps, as `trainlab` command lines. */
export function benchSteps(options: BenchAllOptions): string[][] {
  const quick = !!options.quick;
  return [
    ["bench", ...(quick ? ["--samples", "512", "--epochs", "3"] : []), ...(options.noTorch ? ["--no-torch"] : []), ...(options.benchArgs ?? [])],
    ["bench-grading", "--count", quick ? "4" : "10", "--jobs", "1,2"],
    ["bench-serve", ...(quick ? ["--requests", "400", "--batch-requests", "40"] : [])],
    ["bench-kernel", "--runs", quick ? "1" : "2"],
  ];
}

/** Runs every step; resolves to the exit code (the first failing step's, else 0). */
export async function benchAll(options: BenchAllOptions): Promise<number> {
  const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  const before = await measureBusyness();
  const busy = tooBusy(before);
  console.log(`bench: load average ${fmt(before.loadAverage)} (1, 5, 15 min) at start; ${before.cores} cores, ${Number.isNaN(before.busy) ? "CPU use unknown" : `${(before.busy * 100).toFixed(0)} % of them busy over 2 s`}`);
  if (busy && !options.force) {
    throw new TrainlabError(
      `refusing to benchmark: ${busy}. Figures taken now would measure the other processes, not Trainlab. ` +
        `Wait until the machine is idle (uptime), or run with --force to take them anyway (they are then marked as taken on a busy machine).`,
    );
  }
  if (busy) console.log(`bench: WARNING — ${busy}; --force: these are NOT idle-machine figures.`);
  const cli = path.join(repoRoot(), "bin", "trainlab.js");
  const started = Date.now();
  const timings: string[] = [];
  let code = 0;
  for (const step of benchSteps(options)) {
    const t0 = Date.now();
    console.log(`\n=== trainlab ${step.join(" ")} (load average ${fmt(os.loadavg())})`);
    const run = spawnSync(process.execPath, [cli, ...step], { stdio: "inherit" });
    const seconds = (Date.now() - t0) / 1000;
    timings.push(`${step[0]} ${seconds.toFixed(0)} s`);
    if (run.status !== 0) {
      code = run.status ?? 1;
      console.error(`bench: trainlab ${step[0]} failed (exit ${run.status ?? run.signal}).`);
      break;
    }
  }
  const after = os.loadavg();
  const total = (Date.now() - started) / 1000;
  console.log(`\nbench: ${timings.join(", ")}; total ${Math.floor(total / 60)} min ${Math.round(total % 60)} s.`);
  console.log(`bench: load average ${fmt(before.loadAverage)} at start, ${fmt(after)} at the end (1, 5, 15 min)${busy ? " — taken on a busy machine (--force)" : ""}.`);
  return code;
}

/** The command line. */
export async function main(argv: string[]): Promise<number> {
  const options: BenchAllOptions = { benchArgs: [] };
  for (const a of argv) {
    if (a === "--help" || a === "-h") return console.log(USAGE), 0;
    if (a === "--force") options.force = true;
    else if (a === "--quick") options.quick = true;
    else if (a === "--no-torch") options.noTorch = true;
    else options.benchArgs!.push(a); // `trainlab bench` checks them
  }
  return benchAll(options);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof TrainlabError ? `bench: ${e.message}` : e);
      process.exit(1);
    },
  );
}
