import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/** One cell of a released notebook, as the manifest records it. */
export interface ManifestCell {
  /** Position in the released notebook (0-based). */
  index: number;
  /** The nbformat cell id. */
  id: string;
  /** "markdown" | "code" (locked) or "exercise" (the learner's). */
  kind: string;
  /** For exercise cells: "N.M". */
  exercise?: string;
  /** sha256 of the cell's source (hex). Locked cells only. */
  sha256?: string;
}

/** release-manifest.json: what was released, so grading can tell an edited locked cell. */
export interface ReleaseManifest {
  trainlab: "release-manifest";
  version: 1;
  chapters: { chapter: string; notebook: string; cells: ManifestCell[] }[];
}

/** The sha256 (hex) of a cell's source. */
export function sourceHash(source: string): string {
  return createHash("sha256").update(source, "utf8").digest("hex");
}

/** A notebook cell as nbformat stores it (only what grading reads). */
export interface NotebookCell {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata?: { trainlab?: { kind?: string; exercise?: string } };
}

/** The cells of a notebook's JSON text; throws a TrainlabError when it is not a notebook. */
export function readCells(text: string, file: string): NotebookCell[] {
  let nb: { cells?: unknown };
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new TrainlabError(`${file} is not valid notebook JSON (${(e as Error).message}).`);
  }
  if (!nb || !Array.isArray(nb.cells)) throw new TrainlabError(`${file} has no cells: it is not a Jupyter notebook.`);
  return nb.cells.filter((c): c is NotebookCell => !!c && typeof c === "object" && typeof (c as NotebookCell).cell_type === "string");
}

/** A cell's source as one string. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

/** The manifest entries of a released (student-version) notebook's cells. */
export function manifestCells(cells: NotebookCell[]): ManifestCell[] {
  return cells.map((cell, index) => {
    const kind = cell.metadata?.trainlab?.kind ?? cell.cell_type;
    const entry: ManifestCell = { index, id: cell.id ?? `position-${index}`, kind };
    if (kind === "exercise") entry.exercise = cell.metadata?.trainlab?.exercise;
    else entry.sha256 = sourceHash(cellSource(cell));
    return entry;
  });
}

/** What the grader runs for one submission, and what it noticed. */
export interface SubmissionPlan {
  /** Code cells to execute, in order: the original locked cells, the learner's exercise and added cells. */
  cells: string[];
  /** Notebook-level findings: edited or deleted locked cells, missing exercise cells. */
  flags: string[];
  /** True when a locked cell differs from the release (graded with the original). */
  tampered: boolean;
}

/**
 * Plans a submission's run against the released notebook: locked cells are taken from the
 * release (an edited or deleted one is flagged), exercise cells and cells the learner added
 * from the submission. Cells are matched by id, then by exercise metadata, then by content —
 * never by file name, so a renamed notebook grades the same.
 *
 * @param released the student version built from the lesson (the original locked cells)
 * @param submitted the submission's cells
 * @param expected manifest entries to compare against (default: those of `released`)
 */
export function planSubmission(released: NotebookCell[], submitted: NotebookCell[], expected: ManifestCell[] = manifestCells(released)): SubmissionPlan {
  const matchOf = new Map<number, NotebookCell>(); // released index → submitted cell
  const added = new Map<number, NotebookCell[]>(); // anchor released index (-1 = top) → added cells
  const byId = new Map(released.map((c, i) => [c.id, i]));
  const byExercise = new Map(expected.filter((e) => e.kind === "exercise" && e.exercise).map((e) => [e.exercise!, e.index]));
  const byHash = new Map<string, number[]>();
  expected.forEach((e) => e.sha256 && byHash.set(e.sha256, [...(byHash.get(e.sha256) ?? []), e.index]));
  let anchor = -1;
  for (const cell of submitted) {
    let index: number | undefined;
    const idMatch = cell.id !== undefined ? byId.get(cell.id) : undefined;
    if (idMatch !== undefined && !matchOf.has(idMatch)) index = idMatch;
    const exercise = cell.metadata?.trainlab?.exercise;
    if (index === undefined && exercise && byExercise.has(exercise) && !matchOf.has(byExercise.get(exercise)!)) index = byExercise.get(exercise);
    if (index === undefined) index = byHash.get(sourceHash(cellSource(cell)))?.find((i) => !matchOf.has(i));
    if (index !== undefined) {
      matchOf.set(index, cell);
      anchor = index;
    } else {
      added.set(anchor, [...(added.get(anchor) ?? []), cell]);
    }
  }
  const flags: string[] = [];
  let tampered = false;
  const cells: string[] = [];
  const pushAdded = (at: number) => {
    for (const cell of added.get(at) ?? []) if (cell.cell_type === "code") cells.push(cellSource(cell));
  };
  pushAdded(-1);
  released.forEach((cell, i) => {
    const entry = expected[i];
    const mine = matchOf.get(i);
    if (entry?.kind === "exercise") {
      if (!mine) flags.push(`exercise cell ${entry.exercise ?? i + 1} is missing; its stub ran instead`);
      cells.push(cellSource(mine && mine.cell_type === "code" ? mine : cell));
    } else {
      if (!mine) {
        tampered = true;
        flags.push(`locked cell ${i + 1} was deleted; the original ran`);
      } else if (entry?.sha256 && cell.cell_type !== "markdown" && sourceHash(cellSource(mine)) !== entry.sha256) {
        // Markdown is never run: learners may annotate it; only code cells are locked against edits.
        tampered = true;
        flags.push(`locked cell ${i + 1} was edited; the original ran`);
      }
      if (cell.cell_type === "code") cells.push(cellSource(cell));
    }
    pushAdded(i);
  });
  return { cells, flags, tampered };
}

/**
 * Why a notebook is not this chapter's (null when it is): its metadata names another chapter, its
 * exercise cells are another chapter's, or not one of its cells matches the release by id or
 * content. Such a notebook is refused at once instead of running foreign cells.
 *
 * @param slug the chapter being graded, e.g. "00-getting-started"
 * @param chapter the chapter its metadata names (`metadata.trainlab.chapter`), if any
 */
export function otherChapter(released: NotebookCell[], submitted: NotebookCell[], slug: string, chapter?: string): string | null {
  if (chapter && chapter !== slug) return `this is the notebook of chapter ${chapter}, not ${slug}`;
  const number = String(Number(slug.split("-")[0]));
  const foreign = submitted.map((c) => c.metadata?.trainlab?.exercise).filter((x): x is string => typeof x === "string" && x.split(".")[0] !== number);
  if (foreign.length) return `its exercise cells (${[...new Set(foreign)].slice(0, 3).join(", ")}) belong to another chapter than ${slug}`;
  const ids = new Set(released.map((c) => c.id).filter(Boolean));
  const hashes = new Set(released.map((c) => sourceHash(cellSource(c))));
  const matching = submitted.some((c) => (c.id !== undefined && ids.has(c.id)) || hashes.has(sourceHash(cellSource(c))));
  return matching ? null : `none of its cells is a cell of ${slug}: it is another notebook`;
}

/** The chapter a notebook's metadata names (`metadata.trainlab.chapter`), if any. */
export function notebookChapter(text: string): string | undefined {
  try {
    const chapter = JSON.parse(text)?.metadata?.trainlab?.chapter;
    return typeof chapter === "string" ? chapter : undefined;
  } catch {
    return undefined;
  }
}

/** One submission found in the submissions folder. */
export interface SubmissionFile {
  /** The student id: the file name without .ipynb, or the first folder below the submissions folder. */
  student: string;
  file: string;
  /** Why it cannot be graded as it is (e.g. two notebooks in one student's folder): graded as one "refused" row. */
  problem?: string;
}

/**
 * Finds the submissions under `dir`: `dir/STUDENT.ipynb` or `dir/STUDENT/…/ANY.ipynb` (one
 * notebook per student; checkpoints and executed copies are skipped). Sorted by student. A
 * student with two notebooks is returned once, with a `problem`.
 */
export function findSubmissions(dir: string): SubmissionFile[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new TrainlabError(`No submissions folder at ${dir}.`);
  const found = new Map<string, string[]>();
  const walk = (folder: string, student: string | null) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full, student ?? entry.name);
      else if (entry.isFile() && entry.name.endsWith(".ipynb") && !entry.name.endsWith(".out.ipynb")) {
        const id = student ?? entry.name.slice(0, -".ipynb".length);
        found.set(id, [...(found.get(id) ?? []), full]);
      }
    }
  };
  walk(dir, null);
  const result: SubmissionFile[] = [];
  for (const [student, files] of found) {
    if (files.length > 1) result.push({ student, file: files[0], problem: `${files.length} notebooks (${files.map((f) => path.relative(dir, f)).join(", ")}); keep one per student and grade again` });
    else result.push({ student, file: files[0] });
  }
  return result.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
}

/** Shard i of n (1-based) a student belongs to: stable, from a hash of the id. */
export function shardOf(student: string, n: number): number {
  return (parseInt(createHash("sha256").update(student, "utf8").digest("hex").slice(0, 8), 16) % n) + 1;
}
