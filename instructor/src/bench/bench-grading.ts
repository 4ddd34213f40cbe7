import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { buildChapter, listChapters } from "../lessons";
import { findChapter, gradeAll } from "../grading/batch";
import { SNAPSHOT_FILE } from "../grading/sandbox";
import { lessonsDir } from "@trainlab/kernel-ext/dist/grading/exercises";
import type { StudentResult } from "../grading/gradebook";

const USAGE = `Usage: bench-grading [--count N] [--jobs 1,2] [--chapter 0] [--quick] [--no-snapshot] [--spares N]
  Grades N copies of the chapter's instructor notebook (solutions in) with each --jobs value and
  prints submissions/minute, the overhead per submission beyond the notebook's own run time, the
  CPU time per submission (every grading child, steady on a busy machine; the grader's own
  separately) and the peak RSS of a grading child. --chapter takes a list (0,4,7) or "all";
  --quick grades 8 copies; --no-snapshot starts every child without the run's V8 startup snapshot
  (each loads TypeScript itself); --spares sets how many children are kept started ahead
  (default: one per job; 0: each starts when its submission begins). "start s" is what a
  submission waited for its child.`;

/** One benchmark line. */
export interface GradingBenchRow {
  chapter: string;
  jobs: number;
  count: number;
  seconds: number;
  perMinute: number;
  /** Means per submission, in seconds. */
  total: number;
  start: number;
  cells: number;
  overhead: number;
  /** CPU seconds per submission of the grading children's node processes (TypeScript, the cells, the calls). */
  cpu: number;
  /**
   * CPU seconds per submission of the grader itself (this process, less the benchmark's own process
   * watching): loading the chapter's tests once, spawning, the tests, results and pages.
   */
  graderCpu: number;
  /** The largest peak RSS (VmHWM) of a grading child's node process, in bytes (0 when /proc cannot tell). */
  peakRss: number;
  /** Seconds the run's snapshot took to build (in `seconds`, and its CPU in `cpu`); null without one. */
  snapshot: number | null;
}

/** Options of {@link benchGrading}. */
export interface GradingBenchOptions {
  /** Copies of the instructor notebook graded per jobs value. Default 40. */
  count?: number;
  /** Submissions graded at once, one run per value. Default [1, 2]. */
  jobs?: number[];
  /** The chapter (number or folder name). Default "0". */
  chapter?: string;
  /** Start children from the run's snapshot (gradeAll's default). Default true. */
  snapshot?: boolean;
  /** Children kept started ahead (gradeAll's `spares`). Default: one per job. */
  spares?: number;
}

/**
 * Benchmarks `trainlab grade`: N submissions (the chapter's instructor version, so every test
 * runs) graded with each jobs value. The notebook's own run time is the time its cells take in
 * the child; overhead is everything else per submission: spawning the sandbox, loading
 * TypeScript, the test calls, collecting results, writing the gradebook and feedback.
 */
export async function benchGrading(options: GradingBenchOptions = {}): Promise<GradingBenchRow[]> {
  const count = options.count ?? 40;
  const chapter = findChapter(options.chapter ?? "0");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-bench-grading-"));
  try {
    const submissions = path.join(dir, "submissions");
    fs.mkdirSync(submissions);
    const text = buildChapter(chapter, "instructor");
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(submissions, `student-${String(i).padStart(3, "0")}.ipynb`), text);
    const rows: GradingBenchRow[] = [];
    for (const jobs of options.jobs ?? [1, 2]) {
      const out = path.join(dir, `out-${jobs}`);
      const started = Date.now();
      const watch = watchProcesses(CHILD_MARKS);
      const graderCpu0 = process.cpuUsage();
      let result: Awaited<ReturnType<typeof gradeAll>>;
      try {
        result = await gradeAll(submissions, { chapter: chapter.slug, jobs, out, timeout: 120, snapshot: options.snapshot, spares: options.spares });
      } finally {
        watch.stop();
      }
      const seconds = (Date.now() - started) / 1000;
      const cpu = watch.cpuSeconds() / count;
      const graderUsage = process.cpuUsage(graderCpu0);
      const graderCpu = ((graderUsage.user + graderUsage.system) / 1e6 - watch.ownCpuSeconds()) / count;
      const graded = result.results.filter((r) => result.graded.includes(r.student));
      const failed = graded.filter((r) => r.points !== r.max);
      if (failed.length) throw new TrainlabError(`${failed.length} benchmark submission(s) did not get full marks (e.g. ${failed[0].student}: ${failed[0].status}); the benchmark would measure a broken run.`);
      const mean = (f: (r: StudentResult) => number) => graded.reduce((s, r) => s + f(r), 0) / graded.length;
      rows.push({
        chapter: chapter.slug,
        jobs,
        count,
        seconds,
        perMinute: (count / seconds) * 60,
        total: mean((r) => r.seconds),
        start: mean((r) => r.startSeconds ?? 0),
        cells: mean((r) => r.cellSeconds),
        overhead: mean((r) => r.seconds - r.cellSeconds),
        cpu,
        graderCpu,
        peakRss: watch.peakRssBytes(),
        snapshot: result.snapshotSeconds,
      });
    }
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a grading process's node command line contains: the child's script (a child without the
 * snapshot) or the snapshot's file name (a child started from it, and the run's snapshot builder,
 * whose CPU time counts too).
 */
const CHILD_MARKS = [path.join("dist", "grading", "child.js"), SNAPSHOT_FILE];

/**
 * Watches this process's descendants with an argument containing one of `marks`, keeping the largest peak RSS
 * (VmHWM, which never falls) and each one's CPU time (utime + stime) as last seen. Polled every
 * 100 ms, so a child's last 100 ms can be missed. (The children's own accounting cannot be used:
 * the grader kills each sandbox's process group at once, so no parent waits for the node process.)
 */
export function watchProcesses(marks: string[]): { peakRssBytes(): number; cpuSeconds(): number; ownCpuSeconds(): number; stop(): void } {
  let peak = 0;
  let own = 0;
  const cpu = new Map<string, number>();
  const sample = () => {
    const before = process.cpuUsage();
    try {
      look();
    } finally {
      const used = process.cpuUsage(before);
      own += (used.user + used.system) / 1e6;
    }
  };
  const look = () => {
    let pids: string[];
    try {
      pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
    } catch {
      return;
    }
    // stat(5) after the command name: [0] state, [1] ppid, [11] utime, [12] stime (1/100 s), [19] starttime.
    const stats = new Map<string, string[]>();
    for (const pid of pids) {
      try {
        stats.set(pid, fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" "));
      } catch {
        /* gone meanwhile */
      }
    }
    // Only this process's descendants: other grading runs on the machine are not ours to count.
    const mine = (pid: string) => {
      for (let p = pid, hops = 0; p && p !== "0" && hops < 64; p = stats.get(p)?.[1] ?? "", hops++) if (p === String(process.pid)) return true;
      return false;
    };
    for (const [pid, fields] of stats) {
      try {
        if (!mine(pid) || !fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").some((arg) => marks.some((m) => arg.includes(m)))) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
        // Keyed by start time too: a pid reused by a later child is another process.
        cpu.set(`${pid}@${fields[19]}`, (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        /* gone meanwhile */
      }
    }
  };
  const timer = setInterval(sample, 100);
  timer.unref();
  return {
    peakRssBytes: () => peak,
    cpuSeconds: () => [...cpu.values()].reduce((a, b) => a + b, 0),
    // Reading every process's stat 10 times a second costs this process ~1 s of CPU in a 30 s run on a busy machine.
    ownCpuSeconds: () => own,
    stop: () => {
      sample();
      clearInterval(timer);
    },
  };
}

/** Prints the benchmark as a table. */
export async function main(argv: string[]): Promise<number> {
  const options: GradingBenchOptions = {};
  let chapters = ["0"];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return console.log(USAGE), 0;
    if (a === "--quick") options.count = 8;
    else if (a === "--count") options.count = Number(argv[++i]);
    else if (a === "--jobs") options.jobs = String(argv[++i]).split(",").map(Number);
    else if (a === "--chapter") chapters = String(argv[++i]).split(",");
    else if (a === "--no-snapshot") options.snapshot = false;
    else if (a === "--spares") options.spares = Number(argv[++i]);
    else throw new TrainlabError(`unknown argument ${a}.\n${USAGE}`);
  }
  if (options.count !== undefined && !(Number.isInteger(options.count) && options.count > 0)) throw new TrainlabError(`--count must be a positive integer.\n${USAGE}`);
  if (options.spares !== undefined && !(Number.isInteger(options.spares) && options.spares >= 0)) throw new TrainlabError(`--spares must be 0 or a positive integer.\n${USAGE}`);
  if (options.jobs && !options.jobs.every((j) => Number.isInteger(j) && j > 0)) throw new TrainlabError(`--jobs must list positive integers, e.g. 1,2.\n${USAGE}`);
  if (chapters.length === 1 && chapters[0] === "all") chapters = listChapters(lessonsDir()).map((c) => c.slug);
  console.log(`grading benchmark: ${options.count ?? 40} submissions per chapter (${chapters.join(", ")}), ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (1, 5, 15 min)`);
  console.log("chapter  jobs  submissions/min  wall s  per submission: total s  start s  cells s  overhead s (beyond cells)  overhead − start s  CPU s  grader CPU s  child peak RSS MB  snapshot build s");
  for (const chapter of chapters) {
    for (const r of await benchGrading({ ...options, chapter })) {
      console.log(
        `${r.chapter.slice(0, 2).padStart(7)}  ${String(r.jobs).padStart(4)}  ${r.perMinute.toFixed(1).padStart(15)}  ${r.seconds.toFixed(1).padStart(6)}  ${r.total.toFixed(2).padStart(23)}  ${r.start.toFixed(2).padStart(7)}  ${r.cells.toFixed(2).padStart(7)}  ${r.overhead.toFixed(2).padStart(26)}  ${(r.overhead - r.start).toFixed(2).padStart(18)}  ${r.cpu.toFixed(2).padStart(5)}  ${r.graderCpu.toFixed(2).padStart(12)}  ${r.peakRss ? (r.peakRss / 2 ** 20).toFixed(0).padStart(17) : "—".padStart(17)}  ${r.snapshot === null ? "none".padStart(16) : r.snapshot.toFixed(1).padStart(16)}`,
      );
    }
  }
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof TrainlabError ? `bench-grading: ${e.message}` : e);
      process.exit(1);
    },
  );
}
