import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { findChapter, gradeAll } from "../../grading/batch";
import { readResults, writeAtomic } from "../../grading/gradebook";
import { killAllSandboxed } from "../../grading/sandbox";
import { classArgs } from "./args";
import { chapterRows, ClassRow, writeClassGradebook } from "./classbook";
import { readCollection, verifyCollection } from "./collect";
import { classPaths, readClass } from "./config";

const USAGE = `Usage: trainlab grade-class CHAPTER [--class DIR] [--student LOGIN]… [--everyone] [--jobs N] [--timeout S] [--reason TEXT]
  Grades the collected notebooks of CHAPTER (DIR/collected/NN-slug/, each checked against the sha256
  recorded when it was collected) in the grader's sandbox, with the lessons' hidden tests (TRAINLAB_LESSONS
  or the course's lessons/), into DIR/grades/NN-slug/; then rewrites DIR/gradebook.csv: test points,
  written-answer marks, late penalty, raw and penalised scores.
  Without --student/--everyone it grades those not graded yet.
  --student LOGIN   regrade this student (repeatable)
  --everyone        regrade every student (e.g. after a hidden test was fixed)
  A regrade prints a before/after table and appends both to DIR/history.jsonl. Marks given by
  hand (trainlab manual) are kept: they live in DIR/manual/ and are merged, never regraded.`;

/** One line of history.jsonl: a student's standing before and after a (re)grade. */
export interface HistoryEntry {
  at: string;
  chapter: string;
  student: string;
  action: "grade" | "regrade";
  reason?: string;
  before: Pick<ClassRow, "auto" | "manual" | "raw" | "score" | "status"> | null;
  after: Pick<ClassRow, "auto" | "manual" | "raw" | "score" | "status">;
}

/** Options of {@link gradeClass}. */
export interface GradeClassOptions {
  /** Students to regrade; "everyone" regrades all. Default: grade only those not graded yet. */
  regrade?: string[] | "everyone";
  jobs?: number;
  timeout?: number;
  /** Why (goes into history.jsonl). */
  reason?: string;
  lessonsRoot?: string;
  log?: (line: string) => void;
  stopped?: () => boolean;
}

/**
 * Grades (or regrades) a class's collected chapter and records the change per student in
 * history.jsonl; returns the history entries written. Collected files are verified against
 * their sha256 first, so a regrade grades exactly what was collected.
 */
export async function gradeClass(classDir: string, chapter: string, options: GradeClassOptions = {}): Promise<HistoryEntry[]> {
  const config = readClass(classDir);
  const slug = findChapter(chapter, options.lessonsRoot).slug;
  const paths = classPaths(classDir, slug);
  const collection = readCollection(paths.collected, slug);
  if (Object.keys(collection.students).length === 0) throw new TrainlabError(`Nothing collected for ${slug} yet; run \`trainlab collect ${slug}\` first.`);
  verifyCollection(paths.collected, collection);
  const logins = new Set(config.students.map((s) => s.login));
  const regrade = options.regrade === "everyone" ? Object.keys(collection.students) : options.regrade ?? [];
  for (const s of regrade) if (!logins.has(s)) throw new TrainlabError(`--student ${s}: not a student of this class (class.json).`);
  for (const s of regrade) if (!collection.students[s]) throw new TrainlabError(`--student ${s}: nothing of theirs was collected for ${slug}.`);

  const before = new Map(chapterRows(classDir, config, slug, options.lessonsRoot).map((r) => [r.student, r]));
  const resultsFile = path.join(paths.grades, "results.jsonl");
  const graded = new Set(readResults(resultsFile).map((r) => r.student));
  if (regrade.length) {
    // The regraded students' lines leave results.jsonl (their scores are kept in history.jsonl); gradeAll then grades them again.
    const keep = readResults(resultsFile).filter((r) => !regrade.includes(r.student));
    fs.mkdirSync(paths.grades, { recursive: true });
    writeAtomic(resultsFile, keep.map((r) => JSON.stringify(r) + "\n").join(""));
  }
  const manifest = path.join(paths.release, "release-manifest.json");
  await gradeAll(paths.collected, {
    chapter: slug,
    jobs: options.jobs,
    timeout: options.timeout,
    out: paths.grades,
    manifest: fs.existsSync(manifest) ? manifest : undefined,
    lessonsRoot: options.lessonsRoot,
    log: options.log,
    stopped: options.stopped,
  });
  const nowGraded = new Set(readResults(resultsFile).map((r) => r.student));
  const left = Object.keys(collection.students).filter((s) => !nowGraded.has(s));
  if (left.length && !options.stopped?.()) throw new TrainlabError(`grading ended with ${left.join(", ")} not graded; run the same command again (graded students are kept).`);
  const after = writeClassGradebook(classDir, config, options.lessonsRoot).filter((r) => r.assignment === slug);
  const at = new Date().toISOString();
  const pick = (r: ClassRow) => ({ auto: r.auto, manual: r.manual, raw: r.raw, score: r.score, status: r.status });
  const entries: HistoryEntry[] = after
    .filter((r) => collection.students[r.student] && (regrade.includes(r.student) || !graded.has(r.student)))
    .map((r) => ({ at, chapter: slug, student: r.student, action: graded.has(r.student) ? "regrade" : "grade", ...(options.reason ? { reason: options.reason } : {}), before: graded.has(r.student) ? pick(before.get(r.student)!) : null, after: pick(r) }));
  if (entries.length) fs.appendFileSync(paths.history, entries.map((e) => JSON.stringify(e) + "\n").join(""));
  return entries;
}

/** The before/after table a regrade prints. */
export function changeTable(entries: HistoryEntry[]): string {
  const rows = entries.map((e) => [e.student, e.action, e.before ? `${e.before.raw}` : "—", `${e.after.raw}`, e.before ? `${e.before.score}` : "—", `${e.after.score}`, e.before && e.before.raw !== e.after.raw ? (e.after.raw > e.before.raw ? "+" : "") + `${+(e.after.raw - e.before.raw).toFixed(2)}` : ""]);
  const head = ["student", "action", "raw before", "raw after", "score before", "score after", "change"];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(width[i])).join("  ").trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}

/** `trainlab grade-class`. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) return console.log(USAGE), 0;
  const { classDir, rest, options, on } = classArgs(argv, USAGE, ["--student", "--jobs", "--timeout", "--reason"], ["--everyone"]);
  if (rest.length !== 1) throw new TrainlabError(USAGE);
  if (on.has("--everyone") && options["--student"]) throw new TrainlabError("--everyone or --student, not both.");
  const number = (flag: string) => {
    const v = options[flag]?.[0];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n > 0)) throw new TrainlabError(`${flag} must be a positive number (got ${v}).`);
    return n;
  };
  process.on("SIGUSR1", () => undefined);
  let stopped = false;
  const stop = () => {
    stopped = true;
    killAllSandboxed();
  };
  process.on("SIGINT", stop);
  try {
    const entries = await gradeClass(classDir, rest[0], {
      regrade: on.has("--everyone") ? "everyone" : options["--student"],
      jobs: number("--jobs"),
      timeout: number("--timeout"),
      reason: options["--reason"]?.[0],
      log: (l) => console.log(l),
      stopped: () => stopped,
    });
    console.log(entries.length ? changeTable(entries) : "nothing to grade: every collected notebook is graded (use --student or --everyone to regrade)");
    console.log(`wrote ${path.relative(process.cwd(), classPaths(classDir).gradebook) || "gradebook.csv"}`);
    return stopped ? 130 : 0;
  } finally {
    process.off("SIGINT", stop);
  }
}
