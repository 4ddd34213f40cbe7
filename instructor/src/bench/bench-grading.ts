import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { buildChapter } from "../lessons";
import { findChapter, gradeAll } from "../grading/batch";
import type { StudentResult } from "../grading/gradebook";

const USAGE = `Usage: bench-grading [--count N] [--jobs 1,2] [--chapter 0]
  Grades N copies of the chapter's instructor notebook (solutions in) with each --jobs value and
  prints submissions/minute and the overhead per submission beyond the notebook's own run time.`;

/** One benchmark line. */
export interface GradingBenchRow {
  jobs: number;
  count: number;
  seconds: number;
  perMinute: number;
  /** Means per submission, in seconds. */
  total: number;
  start: number;
  cells: number;
  overhead: number;
}

/**
 * Benchmarks `trainlab grade`: N submissions (the chapter's instructor version, so every test
 * runs) graded with each jobs value. The notebook's own run time is the time its cells take in
 * the child; overhead is everything else per submission: spawning the sandbox, loading
 * TypeScript, the test calls, collecting results, writing the gradebook and feedback.
 */
export async function benchGrading(options: { count?: number; jobs?: number[]; chapter?: string } = {}): Promise<GradingBenchRow[]> {
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
      const result = await gradeAll(submissions, { chapter: chapter.slug, jobs, out, timeout: 120 });
      const seconds = (Date.now() - started) / 1000;
      const graded = result.results.filter((r) => result.graded.includes(r.student));
      const failed = graded.filter((r) => r.points !== r.max);
      if (failed.length) throw new TrainlabError(`${failed.length} benchmark submission(s) did not get full marks (e.g. ${failed[0].student}: ${failed[0].status}); the benchmark would measure a broken run.`);
      const mean = (f: (r: StudentResult) => number) => graded.reduce((s, r) => s + f(r), 0) / graded.length;
      rows.push({
        jobs,
        count,
        seconds,
        perMinute: (count / seconds) * 60,
        total: mean((r) => r.seconds),
        start: mean((r) => r.startSeconds ?? 0),
        cells: mean((r) => r.cellSeconds),
        overhead: mean((r) => r.seconds - r.cellSeconds),
      });
    }
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the benchmark as a table. */
export async function main(argv: string[]): Promise<number> {
  const options: { count?: number; jobs?: number[]; chapter?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return console.log(USAGE), 0;
    if (a === "--count") options.count = Number(argv[++i]);
    else if (a === "--jobs") options.jobs = String(argv[++i]).split(",").map(Number);
    else if (a === "--chapter") options.chapter = argv[++i];
    else throw new TrainlabError(`unknown argument ${a}.\n${USAGE}`);
  }
  if (options.count !== undefined && !(Number.isInteger(options.count) && options.count > 0)) throw new TrainlabError(`--count must be a positive integer.\n${USAGE}`);
  if (options.jobs && !options.jobs.every((j) => Number.isInteger(j) && j > 0)) throw new TrainlabError(`--jobs must list positive integers, e.g. 1,2.\n${USAGE}`);
  console.log(`grading benchmark: ${options.count ?? 40} chapter-${options.chapter ?? "0"} submissions, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  const rows = await benchGrading(options);
  console.log("jobs  submissions/min  wall s  per submission: total s  start s  cells s  overhead s (beyond cells)  overhead − start s");
  for (const r of rows) {
    console.log(
      `${String(r.jobs).padStart(4)}  ${r.perMinute.toFixed(1).padStart(15)}  ${r.seconds.toFixed(1).padStart(6)}  ${r.total.toFixed(2).padStart(23)}  ${r.start.toFixed(2).padStart(7)}  ${r.cells.toFixed(2).padStart(7)}  ${r.overhead.toFixed(2).padStart(26)}  ${(r.overhead - r.start).toFixed(2).padStart(18)}`,
    );
  }
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
