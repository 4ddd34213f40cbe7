import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/** How one test ended. */
/** "protocol violation": the notebook's process broke the grading protocol before this test ran. */
export type TestStatus = "passed" | "failed" | "not implemented" | "timeout" | "crashed" | "missing" | "protocol violation";

/** One graded test of one student. */
export interface TestRow {
  exercise: string;
  test: string;
  points: number;
  max: number;
  status: TestStatus;
  hidden: boolean;
  /** Why it did not pass: visible tests only (hidden tests never carry a message). */
  message?: string;
  hint?: string;
}

/** How a submission's run ended, as a whole. */
/**
 * "protocol violation": the notebook's process wrote something to the grader that was not the
 * reply it waited for; "refused": not graded (two notebooks, a file-name collision, another chapter).
 */
export type SubmissionStatus = "ok" | "cell errors" | "timeout" | "crashed" | "unreadable" | "protocol violation" | "refused";

/** Everything grading found for one student: one line of results.jsonl. */
export interface StudentResult {
  student: string;
  file: string;
  status: SubmissionStatus;
  /** True when a locked cell differed from the release. */
  tampered: boolean;
  flags: string[];
  /** Cells that failed: 1-based position in the run, and the error's name and message. */
  cellErrors: { cell: number; ename: string; evalue: string }[];
  rows: TestRow[];
  points: number;
  max: number;
  /** Wall-clock seconds: the whole submission; starting the child (TypeScript loading); executing its cells. */
  seconds: number;
  startSeconds?: number;
  cellSeconds: number;
}

/** The columns of gradebook.csv. */
export const GRADEBOOK_COLUMNS = ["student", "exercise", "test", "points", "max", "status"] as const;

/**
 * Appends one student's result to results.jsonl as a single write of a single line (O_APPEND),
 * then fsyncs: a crash leaves at most a partial last line, which {@link readResults} drops.
 */
export function appendResult(file: string, result: StudentResult): void {
  const fd = fs.openSync(file, "a");
  try {
    fs.writeSync(fd, JSON.stringify(result) + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The results recorded so far (a partial last line from a crash is dropped; the last result per student wins). */
export function readResults(file: string): StudentResult[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, "utf8");
  const complete = text.endsWith("\n") ? text : text.slice(0, text.lastIndexOf("\n") + 1);
  if (complete.length !== text.length) fs.truncateSync(file, Buffer.byteLength(complete));
  const byStudent = new Map<string, StudentResult>();
  for (const line of complete.split("\n")) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as StudentResult;
      if (r && typeof r.student === "string") byStudent.set(r.student, r);
    } catch {
      /* a damaged line: that student is graded again */
    }
  }
  return [...byStudent.values()];
}

/** A gradebook row: (student, exercise, test, points, max, status). */
export type GradebookRow = [string, string, string, number, number, string];

/**
 * The gradebook rows of results: one per test, then one "total" row per student whose status
 * says how the run went ("ok", "timeout", … and "tampered" when a locked cell was edited).
 */
export function gradebookRows(results: StudentResult[]): GradebookRow[] {
  const rows: GradebookRow[] = [];
  for (const r of [...results].sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0))) {
    for (const t of r.rows) rows.push([r.student, t.exercise, (t.hidden ? "[hidden] " : "") + t.test, t.points, t.max, t.status]);
    rows.push([r.student, "total", "", r.points, r.max, [r.status, ...(r.tampered ? ["tampered"] : [])].join("; ")]);
  }
  return rows;
}

/**
 * CSV text of gradebook rows (RFC 4180 quoting). A text cell that a spreadsheet would read as a
 * formula (it starts with = + - @, a tab or a carriage return) gets a leading apostrophe.
 */
export function gradebookCsv(rows: GradebookRow[]): string {
  return [GRADEBOOK_COLUMNS.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\n") + "\n";
}

/** One CSV cell (RFC 4180 quoting); text is made safe from formula injection, numbers are written as they are. */
export function csvCell(v: string | number): string {
  const s = typeof v === "number" ? String(v) : neutralizeFormula(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A text cell made safe from spreadsheet formula injection (OWASP "CSV injection"): `'` before = + - @ tab CR. */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Parses gradebook.csv text back into rows; throws a TrainlabError when the header is not a gradebook's. */
export function parseGradebook(text: string, file = "gradebook.csv"): GradebookRow[] {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header || header.join(",") !== GRADEBOOK_COLUMNS.join(",")) {
    throw new TrainlabError(`${file} is not a Trainlab gradebook: its first line must be ${GRADEBOOK_COLUMNS.join(",")}.`);
  }
  return records
    .filter((r) => r.length > 1 || r[0] !== "")
    .map((r, i) => {
      if (r.length !== 6) throw new TrainlabError(`${file}: row ${i + 2} has ${r.length} fields, not 6.`);
      return [r[0], r[1], r[2], Number(r[3]), Number(r[4]), r[5]];
    });
}

/** Writes a file atomically: a temporary file in the same folder, then rename. */
export function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field), records.push(record), (record = []), (field = "");
    } else field += c;
  }
  if (field !== "" || record.length > 0) record.push(field), records.push(record);
  return records;
}

/**
 * Merges the gradebooks of shards: rows of every student, sorted by student (stable within a
 * student). A student in two shards is an error unless the rows are identical.
 */
export function mergeGradebooks(books: { file: string; rows: GradebookRow[] }[]): GradebookRow[] {
  const owner = new Map<string, { file: string; rows: GradebookRow[] }>();
  for (const book of books) {
    const byStudent = new Map<string, GradebookRow[]>();
    for (const row of book.rows) byStudent.set(row[0], [...(byStudent.get(row[0]) ?? []), row]);
    for (const [student, rows] of byStudent) {
      const seen = owner.get(student);
      if (seen && JSON.stringify(seen.rows) !== JSON.stringify(rows)) {
        throw new TrainlabError(`${student} is graded differently in ${seen.file} and ${book.file}; each student belongs to one shard. Re-grade that student or drop one file.`);
      }
      owner.set(student, { file: book.file, rows });
    }
  }
  return [...owner.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).flatMap((s) => owner.get(s)!.rows);
}
