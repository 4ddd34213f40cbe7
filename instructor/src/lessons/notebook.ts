import { createHash } from "crypto";
import { claimsCellSource, stripClaimMarkers } from "./claims";
import { keepSolutions, LessonCell, stubSolutions } from "./parse";

/** Which version of a chapter to build. */
export type Version = "student" | "instructor";

/** Options of {@link toNotebook}. */
export interface NotebookOptions {
  /**
   * Keep the ```ts claims blocks as cells that print the values behind the prose's claims (the
   * notebooks test runs this build and compares them with the text). Default false: learners and
   * instructors never see them.
   */
  claims?: boolean;
}

/** The nbformat 4.5 JSON of a notebook. */
export interface NotebookJson {
  cells: Record<string, unknown>[];
  metadata: Record<string, unknown>;
  nbformat: 4;
  nbformat_minor: 5;
}

/**
 * Builds a notebook from lesson cells. Cell ids are stable (derived from the chapter and the
 * cell's position) so rebuilding an unchanged lesson gives identical bytes. Cell metadata
 * `trainlab.kind` ("markdown" | "code" | "exercise" | "written") and `trainlab.exercise` /
 * `trainlab.written` tell the grader which cells are the learner's. Only code cells are locked (an edit is flagged at grading);
 * markdown cells are editable so learners can write notes into them. Claim markers in the text
 * are replaced by their text.
 */
export function toNotebook(cells: LessonCell[], chapter: string, version: Version, options: NotebookOptions = {}): NotebookJson {
  let shown = 0;
  return {
    cells: cells.filter((cell) => cell.kind !== "claims" || options.claims).map((cell, k) => {
      // Ids count only the cells every build has, so the claims build does not renumber them.
      const id = createHash("sha1").update(cell.kind === "claims" ? `${chapter}/claims/${k}` : `${chapter}/${shown++}`).digest("hex").slice(0, 12);
      const source = cell.kind === "exercise" ? (version === "student" ? stubSolutions(cell.source, cell.exercise) : keepSolutions(cell.source))
        : cell.kind === "claims" ? claimsCellSource(cell.source)
        : cell.kind === "markdown" ? stripClaimMarkers(cell.source)
        : cell.kind === "written" ? cell.source
        : cell.source;
      const trainlab: Record<string, unknown> = { kind: cell.kind };
      if (cell.kind === "exercise") trainlab.exercise = cell.exercise;
      if (cell.kind === "written") trainlab.written = cell.written;
      const metadata: Record<string, unknown> = { trainlab };
      // Learners may annotate markdown cells (the grader ignores edits to their text); no locked cell is deletable.
      if (cell.kind !== "exercise") {
        metadata.editable = true;
        metadata.deletable = false;
      }
      const text = cell.kind === "markdown" || cell.kind === "written";
      const base = { id, cell_type: text ? "markdown" : "code", metadata, source: splitLines(source) };
      return text ? base : { ...base, execution_count: null, outputs: [] };
    }),
    metadata: {
      kernelspec: { name: "trainlab", display_name: "Trainlab (TypeScript)", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", codemirror_mode: { mode: "typescript", name: "javascript", typescript: true } },
      trainlab: { chapter, version },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Serializes a notebook the way Jupyter writes it (1-space indent, trailing newline). */
export function notebookText(nb: NotebookJson): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

function splitLines(source: string): string[] {
  const lines = source.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l)).filter((l) => l !== "");
}
