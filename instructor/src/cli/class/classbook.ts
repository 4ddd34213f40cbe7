import * as fs from "fs";
import * as path from "path";
import { csvCell, readResults, StudentResult, writeAtomic } from "../../grading/gradebook";
import { assignmentOf, ClassConfig, classPaths } from "./config";
import { readCollection } from "./collect";
import { lateness, Lateness, penalised } from "./deadlines";
import { readMarks } from "./manual-marks";
import { writtenQuestions } from "./written";

/** One student's standing on one assignment. */
export interface ClassRow {
  student: string;
  assignment: string;
  /** Submission time (ISO), "" when nothing was collected. */
  submitted: string;
  /** The student's deadline (ISO; an extension when they have one). */
  deadline: string;
  daysLate: number;
  /** Points from the tests (visible and hidden). */
  auto: number;
  /** Points given by hand to written answers. */
  manual: number;
  /** Most points possible: tests and written answers. */
  max: number;
  /** auto + manual, before any late penalty. */
  raw: number;
  penaltyPercent: number;
  /** The score after the late penalty. */
  score: number;
  /** "graded", "not submitted", "collected, not graded", the grading status when not ok, "late: …", "written answers to mark: N". */
  status: string;
}

/** The columns of the class gradebook (DIR/gradebook.csv). */
export const CLASS_COLUMNS = ["student", "assignment", "submitted", "deadline", "days_late", "auto", "manual", "max", "raw", "penalty_percent", "score", "status"] as const;

/**
 * The class's rows for one chapter: every student of class.json, from the collection (times), the
 * grading results (test points), the manual marks and the assignment's late policy.
 */
export function chapterRows(classDir: string, config: ClassConfig, slug: string, lessonsRoot?: string): ClassRow[] {
  const paths = classPaths(classDir, slug);
  const assignment = assignmentOf(config, slug);
  const collection = readCollection(paths.collected, slug);
  const results = new Map(readResults(path.join(paths.grades, "results.jsonl")).map((r) => [r.student, r]));
  const marks = readMarks(paths.manual).marks;
  const questions = writtenQuestions(slug, lessonsRoot);
  const writtenMax = questions.reduce((s, q) => s + q.points, 0);
  return config.students.map(({ login }) => {
    const entry = collection.students[login];
    const result = results.get(login);
    const mine = marks[login] ?? {};
    const manual = questions.reduce((s, q) => s + (mine[q.id]?.points ?? 0), 0);
    const unmarked = questions.filter((q) => !mine[q.id]).length;
    const testMax = result?.max ?? 0;
    const late: Lateness | null = entry ? lateness(Date.parse(entry.submitted), assignment, login) : null;
    const raw = (result?.points ?? 0) + manual;
    const status = !entry ? "not submitted" : !result ? "collected, not graded" : [result.status === "ok" ? "graded" : result.status, ...(result.tampered ? ["tampered"] : []), ...(late && late.daysLate ? [`late: ${late.note}`] : []), ...(unmarked ? [`written answers to mark: ${unmarked}`] : [])].join("; ");
    return {
      student: login,
      assignment: slug,
      submitted: entry?.submitted ?? "",
      deadline: late?.deadline ?? lateness(0, assignment, login).deadline,
      daysLate: late?.daysLate ?? 0,
      auto: result?.points ?? 0,
      manual,
      max: testMax + writtenMax,
      raw,
      penaltyPercent: late?.penaltyPercent ?? 0,
      score: late ? penalised(raw, late) : 0,
      status,
    };
  });
}

/** Every assignment of the class that has been collected, row by row. */
export function classRows(classDir: string, config: ClassConfig, lessonsRoot?: string): ClassRow[] {
  return Object.keys(config.assignments)
    .filter((slug) => fs.existsSync(classPaths(classDir, slug).collected))
    .flatMap((slug) => chapterRows(classDir, config, slug, lessonsRoot));
}

/** CSV text of class rows (RFC 4180 quoting, formula-like text neutralised). */
export function classCsv(rows: ClassRow[]): string {
  const line = (r: ClassRow) => [r.student, r.assignment, r.submitted, r.deadline, r.daysLate, r.auto, r.manual, r.max, r.raw, r.penaltyPercent, r.score, r.status].map(csvCell).join(",");
  return [CLASS_COLUMNS.join(","), ...rows.map(line)].join("\n") + "\n";
}

/** Rewrites DIR/gradebook.csv (atomically) from everything on disk; returns its rows. */
export function writeClassGradebook(classDir: string, config: ClassConfig, lessonsRoot?: string): ClassRow[] {
  const rows = classRows(classDir, config, lessonsRoot);
  writeAtomic(classPaths(classDir).gradebook, classCsv(rows));
  return rows;
}

/** A student's grading result of a chapter, if graded. */
export function resultOf(classDir: string, slug: string, login: string): StudentResult | undefined {
  return readResults(path.join(classPaths(classDir, slug).grades, "results.jsonl")).find((r) => r.student === login);
}
