import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { gradeAll } from "../grading/batch";
import { killAllSandboxed } from "../grading/sandbox";

const USAGE = `Usage: trainlab grade SUBMISSIONS --chapter NN [--jobs N] [--timeout S] [--out DIR] [--shard i/n] [--manifest FILE]
  Grades every notebook in SUBMISSIONS (SUBMISSIONS/STUDENT.ipynb or SUBMISSIONS/STUDENT/any-name.ipynb)
  with the chapter's visible and hidden tests. Each submission runs in its own sandboxed process
  (own file tree, pids and network in Linux namespaces, own uid as root, memory and CPU caps,
  Node's permission model); every test runs here.
  --chapter NN     the chapter (number or folder name, e.g. 0 or 00-getting-started)
  --jobs N         submissions graded at once (default 1; use the number of cores)
  --timeout S      seconds one cell or one test call may run before it is interrupted (default 30)
  --out DIR        output folder (default grades): gradebook.csv, results.jsonl, feedback/STUDENT.html, logs/
  --shard i/n      grade only shard i of n (1-based, stable by student id); combine with \`trainlab merge\`
  --manifest FILE  the release-manifest.json the students received (default: compare with lessons/ as it is)
  --unsafe-no-isolation  where no namespaces are available (not root, and the kernel refuses
                   unprivileged user namespaces), grade anyway with children that share your uid,
                   files and network. Only for submissions you trust; refused without it.
  --no-snapshot    start every child without the run's V8 startup snapshot (each loads TypeScript
                   itself: ~3 s of CPU more per submission); for comparing, or if a snapshot misbehaves
  Re-running with the same --out resumes: students already in results.jsonl are skipped.`;

/** `trainlab grade`. */
export async function main(argv: string[]): Promise<number> {
  let submissions: string | undefined;
  let chapter: string | undefined;
  let jobs = 1;
  let timeout = 30;
  let out = "grades";
  let manifest: string | undefined;
  let shard: { index: number; count: number } | undefined;
  let snapshot = true;
  let unsafeNoIsolation = false;
  const value = (i: number) => {
    if (argv[i + 1] === undefined) throw new TrainlabError(`${argv[i]} needs a value.\n${USAGE}`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return console.log(USAGE), 0;
    else if (a === "--chapter") chapter = value(i++);
    else if (a === "--jobs") jobs = positive(value(i++), "--jobs", true);
    else if (a === "--timeout") timeout = positive(value(i++), "--timeout", false);
    else if (a === "--out") out = value(i++);
    else if (a === "--manifest") manifest = value(i++);
    else if (a === "--shard") shard = parseShard(value(i++));
    else if (a === "--unsafe-no-isolation") unsafeNoIsolation = true;
    else if (a === "--no-snapshot") snapshot = false;
    else if (a.startsWith("-")) throw new TrainlabError(`unknown option ${a}.\n${USAGE}`);
    else if (submissions === undefined) submissions = a;
    else throw new TrainlabError(`one SUBMISSIONS folder, please (got ${submissions} and ${a}).\n${USAGE}`);
  }
  if (!submissions || chapter === undefined) throw new TrainlabError(`SUBMISSIONS and --chapter are required.\n${USAGE}`);

  // A student's process must not be able to open the grader's debugger (SIGUSR1 starts it).
  process.on("SIGUSR1", () => undefined);
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error("\ntrainlab grade: interrupted — stopping; finished submissions are saved. Run the same command again to resume.");
    killAllSandboxed();
  };
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onInterrupt);
  const started = Date.now();
  try {
    const result = await gradeAll(submissions, {
      chapter,
      jobs,
      timeout,
      out,
      manifest,
      shard,
      log: (line) => console.log(line),
      stopped: () => interrupted,
      unsafeNoIsolation,
      snapshot,
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `graded ${result.graded.length} submission(s) in ${seconds.toFixed(1)} s` +
        (result.skipped.length ? `, ${result.skipped.length} already graded` : "") +
        (result.otherShards ? `, ${result.otherShards} in other shards` : "") +
        ` → ${path.relative(process.cwd(), result.gradebook)}`,
    );
    return interrupted ? 130 : 0;
  } finally {
    process.off("SIGINT", onInterrupt);
    process.off("SIGTERM", onInterrupt);
  }
}

function positive(text: string, flag: string, integer: boolean): number {
  const n = Number(text);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new TrainlabError(`${flag} must be a positive ${integer ? "integer" : "number"}, not "${text}".`);
  return n;
}

/** "i/n" with 1 ≤ i ≤ n. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new TrainlabError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 1/4), not "${text}".`);
  return { index, count };
}
