import * as fs from "fs";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { writeAtomic } from "../../grading/gradebook";

/** One hand-given mark of a written answer. */
export interface ManualMark {
  points: number;
  max: number;
  comment: string;
  /** When it was given (ISO). */
  at: string;
}

/** manual/NN-slug.json: every mark given by hand for a chapter, and the comments to reuse. */
export interface ManualMarks {
  trainlab: "manual-marks";
  /** login → question id → mark. */
  marks: Record<string, Record<string, ManualMark>>;
  /** Comments given so far, most recent first (offered again in the grading page). */
  comments: string[];
}

/** The marks file of a chapter (empty when none was given yet). */
export function readMarks(file: string): ManualMarks {
  if (!fs.existsSync(file)) return { trainlab: "manual-marks", marks: {}, comments: [] };
  let m: ManualMarks;
  try {
    m = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new TrainlabError(`${file} is not valid JSON (${(e as Error).message}); restore it from a backup.`);
  }
  if (m?.trainlab !== "manual-marks") throw new TrainlabError(`${file} is not a Trainlab manual-marks file.`);
  return m;
}

/**
 * Records one mark (atomically: the whole file is rewritten by temp file + rename) and puts its
 * comment first among the reusable ones. Points must lie in 0..max.
 */
export function saveMark(file: string, login: string, question: string, mark: { points: number; max: number; comment: string }, now = Date.now()): ManualMarks {
  if (!(Number.isFinite(mark.points) && mark.points >= 0 && mark.points <= mark.max)) throw new TrainlabError(`points for ${question} must be between 0 and ${mark.max} (got ${mark.points}).`);
  const marks = readMarks(file);
  (marks.marks[login] ??= {})[question] = { points: mark.points, max: mark.max, comment: mark.comment.slice(0, 2000), at: new Date(now).toISOString() };
  const comment = mark.comment.trim();
  if (comment) marks.comments = [comment, ...marks.comments.filter((c) => c !== comment)].slice(0, 200);
  writeAtomic(file, JSON.stringify(marks, null, 1) + "\n");
  return marks;
}
