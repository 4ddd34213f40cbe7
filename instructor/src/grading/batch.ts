import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { buildChapter, Chapter, listChapters } from "../lessons";
import { loadExercises, lessonsDir } from "@trainlab/kernel-ext/dist/grading/exercises";
import { feedbackHtml } from "./feedback";
import { appendResult, gradebookCsv, gradebookRows, readResults, StudentResult, writeAtomic } from "./gradebook";
import { gradeSubmission, startChild } from "./grader";
import { childPool } from "./pool";
import { chooseSandboxMode, leaseUid, sandboxLayers } from "./sandbox";
import { gradingSnapshot, GradingSnapshot } from "./snapshot";
import { findSubmissions, manifestCells, ManifestCell, notebookChapter, otherChapter, planSubmission, readCells, ReleaseManifest, shardOf, SubmissionFile } from "./submission";
import type { Exercise } from "@trainlab/kernel-ext/dist/grading/types";

/** Options of {@link gradeAll}. */
export interface GradeAllOptions {
  /** The chapter: its number ("0", "00") or folder name ("00-getting-started"). */
  chapter: string;
  /** Submissions graded at once, each in its own child. Default 1. */
  jobs?: number;
  /** Seconds one cell or one test call may run. Default 30. */
  timeout?: number;
  /** Output folder: results.jsonl, gradebook.csv, feedback/, logs/. Default "grades". */
  out?: string;
  /** Grade only shard `index` of `count` (1-based; stable assignment by student id). */
  shard?: { index: number; count: number };
  /** release-manifest.json of the release the students worked on (default: the lesson as it is now). */
  manifest?: string;
  /** The course's lessons/ folder. Default: TRAINLAB_LESSONS or the repository's. */
  lessonsRoot?: string;
  /** Called with a line of progress per event. */
  log?: (line: string) => void;
  /** Checked before each submission starts: return true to stop early (Ctrl-C). */
  stopped?: () => boolean;
  /**
   * Grade without namespaces where none are available (children then share this user's uid,
   * files and network). Only for submissions you trust. Default false: such a machine refuses.
   */
  unsafeNoIsolation?: boolean;
  /** Folder for the per-submission folders and the kept snapshot. Default: grader.ts' defaultWorkRoot. */
  workRoot?: string;
  /**
   * Start every child from one V8 startup snapshot built at the start of the run (snapshot.ts):
   * ~3 s less CPU per submission. Default true; false: each child loads TypeScript itself.
   */
  snapshot?: boolean;
  /**
   * Children kept started ahead (pool.ts): the next submission's child starts while the current
   * one runs, so a submission does not wait ~0.5 s for its own. Default: one per job; 0: each
   * child starts when its submission begins.
   */
  spares?: number;
}

/** What a grading run did. */
export interface GradeAllResult {
  /** Every result in the output folder (earlier runs included). */
  results: StudentResult[];
  graded: string[];
  /** Students already graded in an earlier run (resumed). */
  skipped: string[];
  /** Students in other shards. */
  otherShards: number;
  gradebook: string;
  /** Seconds the run's grading snapshot took to build (0: an earlier run's was reused); null when the run had none. */
  snapshotSeconds: number | null;
}

/** Finds a chapter by number or folder name. */
export function findChapter(chapter: string, root = lessonsDir()): Chapter {
  const chapters = listChapters(root);
  const want = /^\d+$/.test(chapter) ? chapter.padStart(2, "0") + "-" : chapter;
  const found = chapters.filter((c) => c.slug === chapter || c.slug.startsWith(want));
  if (found.length !== 1) throw new TrainlabError(`No chapter "${chapter}" in ${root} (chapters: ${chapters.map((c) => c.slug).join(", ") || "none"}).`);
  return found[0];
}

/**
 * Grades every submission in `submissionsDir` for one chapter: `jobs` sandboxed children at a
 * time, each result appended to results.jsonl the moment it is known (with its feedback page),
 * gradebook.csv rewritten atomically after each. Students already in results.jsonl are skipped,
 * so a re-run after a crash or Ctrl-C resumes.
 */
export async function gradeAll(submissionsDir: string, options: GradeAllOptions): Promise<GradeAllResult> {
  const log = options.log ?? (() => undefined);
  // First: a machine that cannot isolate submissions grades nothing (unless the instructor says so).
  const mode = chooseSandboxMode({ unsafe: options.unsafeNoIsolation });
  const chapter = findChapter(options.chapter, options.lessonsRoot);
  const released = readCells(buildChapter(chapter, "student"), `${chapter.slug} (built from lessons/)`);
  const expected = options.manifest ? manifestFor(options.manifest, chapter.slug) : manifestCells(released);
  const changed = expected.length !== released.length || expected.some((e, i) => e.sha256 !== undefined && e.kind !== "exercise" && e.sha256 !== manifestCells(released)[i].sha256);
  if (changed) log(`WARNING: lessons/${chapter.slug} changed since the release in ${options.manifest}; locked cells run as the lesson has them now.`);
  if (expected.length !== released.length) throw new TrainlabError(`lessons/${chapter.slug} has ${released.length} cells but the release had ${expected.length}; grade with the lessons/ of the release (git checkout the release's commit).`);
  const out = path.resolve(options.out ?? "grades");
  for (const dir of [out, path.join(out, "feedback"), path.join(out, "logs")]) fs.mkdirSync(dir, { recursive: true });
  const resultsFile = path.join(out, "results.jsonl");
  const gradebook = path.join(out, "gradebook.csv");

  const all = withFileNames(findSubmissions(path.resolve(submissionsDir)));
  const mine = options.shard ? all.filter((s) => shardOf(s.student, options.shard!.count) === options.shard!.index) : all;
  const recorded = new Map(readResults(resultsFile).map((r) => [r.student, r]));
  const done = new Set(recorded.keys());
  const todo = mine.filter((s) => !done.has(s.student));
  const skipped = mine.filter((s) => done.has(s.student)).map((s) => s.student);
  if (skipped.length) log(`resuming: ${skipped.length} student(s) already graded in ${path.relative(process.cwd(), resultsFile) || resultsFile}`);

  const layers = sandboxLayers();
  for (const m of layers.missing) log(`WARNING: sandbox layer missing — ${m}`);
  if (mode === "unsafe") log("WARNING: --unsafe-no-isolation: submissions run WITHOUT namespaces — they share your uid, can read what you can read, reach your network and signal your processes. Grade only code you trust this way.");
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, todo.length || 1));

  // SIGUSR1 would open this process's debugger: ignore it while student code runs (the CLI does too).
  const ignoreUsr1 = () => undefined;
  process.on("SIGUSR1", ignoreUsr1);
  const graded: string[] = [];
  const snapshot = mode !== "unsafe" && todo.length > 0 && options.snapshot !== false ? await runSnapshot(mode, log, options.workRoot) : null;
  let next = 0;
  const childOptions = { mode, timeout: options.timeout, snapshot: snapshot?.file, workRoot: options.workRoot };
  const pool = childPool(
    async () => {
      // Each child its own uid, unique across every grading run on this machine (released when it ends).
      const lease = mode === "root" ? await leaseUid() : null;
      return startChild({ ...childOptions, uid: lease?.uid ?? -1 }, () => lease?.release());
    },
    { spares: options.spares ?? jobs, wanted: () => todo.length - next },
  );
  // The first children start (~0.5 s each) while this process compiles the chapter's tests (~1 s).
  pool.warm();
  let exercises: Exercise[] = [];
  const worker = async () => {
    while (next < todo.length && !options.stopped?.()) {
      const submission = todo[next++];
      const { student } = submission;
      const result = await gradeFile(submission, chapter.slug, released, expected, exercises, {
        ...childOptions,
        uid: -1,
        logFile: path.join(out, "logs", `${submission.fileName}.log`),
        child: () => pool.take(),
      });
      // Interrupted mid-run, its child was killed by us: not the student's doing, grade it next time.
      if (options.stopped?.()) {
        log(`${student}: interrupted, will be graded on the next run`);
        break;
      }
      appendResult(resultsFile, result);
      writeAtomic(path.join(out, "feedback", `${submission.fileName}.html`), feedbackHtml(result, { chapter: chapter.slug }));
      recorded.set(student, result);
      writeAtomic(gradebook, gradebookCsv(gradebookRows([...recorded.values()])));
      graded.push(student);
      log(`${JSON.stringify(student).slice(1, -1).slice(0, 120)}: ${fmt(result.points)}/${fmt(result.max)} points, ${result.status}${result.tampered ? ", tampered" : ""} (${result.seconds.toFixed(1)} s)`);
    }
  };
  try {
    exercises = loadExercises(chapter.dir, { hidden: true });
    await Promise.all(Array.from({ length: jobs }, () => worker()));
  } finally {
    await pool.close();
    process.off("SIGUSR1", ignoreUsr1);
    snapshot?.dispose();
  }
  const results = readResults(resultsFile);
  writeAtomic(gradebook, gradebookCsv(gradebookRows(results)));
  return { results, graded, skipped, otherShards: all.length - mine.length, gradebook, snapshotSeconds: snapshot?.seconds ?? null };
}

/** Builds the run's grading snapshot (snapshot.ts); on failure says why and grades without one. */
async function runSnapshot(mode: "root" | "userns", log: (line: string) => void, workRoot?: string): Promise<GradingSnapshot | null> {
  const lease = mode === "root" ? await leaseUid() : null;
  try {
    const snapshot = await gradingSnapshot({ mode, uid: lease?.uid ?? -1, workRoot });
    log(
      snapshot.reused
        ? "grading snapshot: reusing the one an earlier run built (nothing it was made from changed)"
        : `grading snapshot built in ${snapshot.seconds.toFixed(1)} s (TypeScript and the libraries' declarations, loaded once for every submission)`,
    );
    return snapshot;
  } catch (e) {
    log(`WARNING: no grading snapshot (${(e as Error).message}); each submission loads TypeScript itself (~3 s of CPU more each).`);
    return null;
  } finally {
    lease?.release();
  }
}

async function gradeFile(
  submission: SubmissionFile,
  slug: string,
  released: ReturnType<typeof readCells>,
  expected: ManifestCell[],
  exercises: Exercise[],
  options: Parameters<typeof gradeSubmission>[4],
): Promise<StudentResult> {
  const { student, file } = submission;
  if (submission.problem) return ungraded(submission, "refused", submission.problem, exercises);
  let plan;
  try {
    const text = fs.readFileSync(file, "utf8");
    const cells = readCells(text, file);
    const foreign = otherChapter(released, cells, slug, notebookChapter(text));
    if (foreign) return ungraded(submission, "refused", `${path.basename(file)}: ${foreign}; hand in the notebook of ${slug}`, exercises);
    plan = planSubmission(released, cells, expected);
  } catch (e) {
    return ungraded(submission, "unreadable", e instanceof TrainlabError ? e.message : String(e), exercises);
  }
  return gradeSubmission(student, file, plan, exercises, options);
}

/** The result of a submission that was not run: every test "missing", 0 points, why in the flags. */
function ungraded(submission: SubmissionFile, status: "unreadable" | "refused", why: string, exercises: Exercise[]): StudentResult {
  const rows = exercises.flatMap((x) => x.tests.map((t) => ({ exercise: x.id, test: t.name, points: 0, max: t.points ?? 1, status: "missing" as const, hidden: !!(t as { hidden?: boolean }).hidden })));
  return { student: submission.student, file: submission.file, status, tampered: false, flags: [why], cellErrors: [], rows, points: 0, max: rows.reduce((s, r) => s + r.max, 0), seconds: 0, cellSeconds: 0 };
}

/**
 * Gives each submission the file name of its feedback page and log ({@link safeName}). Students
 * whose names collide (case-insensitively: "xd collide" and "xd_collide") are refused, each
 * naming the others; their (refusal) pages get the id's hash appended, so no page overwrites another.
 */
export function withFileNames(submissions: SubmissionFile[]): (SubmissionFile & { fileName: string })[] {
  const byName = new Map<string, string[]>();
  for (const s of submissions) byName.set(safeName(s.student).toLowerCase(), [...(byName.get(safeName(s.student).toLowerCase()) ?? []), s.student]);
  return submissions.map((s) => {
    const fileName = safeName(s.student);
    const clash = byName.get(fileName.toLowerCase())!;
    if (clash.length < 2) return { ...s, fileName };
    const others = clash.filter((x) => x !== s.student).map((x) => JSON.stringify(x)).join(", ");
    return { ...s, fileName: `${fileName}-${createHash("sha256").update(s.student, "utf8").digest("hex").slice(0, 8)}`, problem: `the student id ${JSON.stringify(s.student)} and ${others} map to the same file name "${fileName}"; rename one submission (its file or folder) and grade again` };
  });
}

function manifestFor(file: string, slug: string): ManifestCell[] {
  let manifest: ReleaseManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new TrainlabError(`${file} could not be read as a release manifest (${(e as Error).message}).`);
  }
  const entry = manifest?.chapters?.find((c) => c.chapter === slug);
  if (!entry) throw new TrainlabError(`${file} has no chapter ${slug}; pass the manifest written by \`trainlab release\` for this chapter.`);
  return entry.cells;
}

/** A student id made safe for a file name: letters, digits and . _ @ - only, at most 100 characters, never hidden. */
export function safeName(student: string): string {
  const safe = student.replace(/[^A-Za-z0-9._@-]/g, "_").slice(0, 100);
  return safe === "" || safe.startsWith(".") ? `_${safe}` : safe;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
