import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { findChapter } from "../../grading/batch";
import { lessonsDir } from "@trainlab/kernel-ext/dist/grading/exercises";
import { cellSource, NotebookCell, readCells } from "../../grading/submission";

/** A written-answer question of a chapter, graded by hand. */
export interface WrittenQuestion {
  /** "N.M", as the lesson's ```answer id=N.M block names it. */
  id: string;
  points: number;
  /** What a full, a partial and no answer look like (instructor only). */
  rubric: string[];
}

/**
 * The written questions of a chapter, from lessons/NN-slug/written.json (instructor-only, like
 * hidden.ts: `{"0.4": {"points": 2, "rubric": ["2: …", "1: …"]}}`); none when there is no file.
 */
export function writtenQuestions(slug: string, root = lessonsDir()): WrittenQuestion[] {
  const file = path.join(findChapter(slug, root).dir, "written.json");
  if (!fs.existsSync(file)) return [];
  let spec: Record<string, { points?: unknown; rubric?: unknown }>;
  try {
    spec = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new TrainlabError(`${file} is not valid JSON (${(e as Error).message}).`);
  }
  return Object.entries(spec).map(([id, q]) => {
    if (!/^\d+\.\d+$/.test(id)) throw new TrainlabError(`${file}: "${id}" is not a question id like "0.4".`);
    if (typeof q?.points !== "number" || !(q.points > 0)) throw new TrainlabError(`${file}: question ${id} needs "points" (a positive number).`);
    const rubric = Array.isArray(q.rubric) ? q.rubric.map(String) : [];
    return { id, points: q.points, rubric };
  });
}

/** One student's answer to a written question, with what their notebook showed around it. */
export interface WrittenAnswer {
  question: string;
  /** The answer cell's text ("" when the cell is missing). */
  answer: string;
  /** The outputs (text only) of the code cells in the answer's section, as the student's notebook saved them. */
  outputs: { cell: number; text: string }[];
}

/**
 * Finds the answer to `question` in a notebook (the markdown cell whose metadata says
 * `trainlab.kind: "written"`, `trainlab.written: question`) and the text outputs of the code
 * cells of its section (since the last heading above it).
 */
export function writtenAnswer(notebookText: string, question: string): WrittenAnswer {
  const cells = readCells(notebookText, "notebook");
  const at = cells.findIndex((c) => (c.metadata?.trainlab as { written?: string } | undefined)?.written === question);
  if (at < 0) return { question, answer: "", outputs: [] };
  let start = at - 1;
  while (start > 0 && !(cells[start].cell_type === "markdown" && /^#{1,6}\s/m.test(cellSource(cells[start])))) start--;
  const outputs = cells
    .slice(Math.max(0, start), at)
    .map((c, i) => ({ cell: Math.max(0, start) + i + 1, text: outputText(c) }))
    .filter((o) => o.text);
  return { question, answer: cellSource(cells[at]).replace(/^\s*_Your answer:_\s*/i, "").trim(), outputs };
}

function outputText(cell: NotebookCell): string {
  const outputs = (cell as { outputs?: { output_type?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string }[] }).outputs;
  if (cell.cell_type !== "code" || !Array.isArray(outputs)) return "";
  const join = (t: unknown) => (Array.isArray(t) ? t.join("") : typeof t === "string" ? t : "");
  return outputs
    .map((o) => (o.output_type === "stream" ? join(o.text) : o.output_type === "error" ? `${o.ename}: ${o.evalue}` : join(o.data?.["text/plain"])))
    .join("")
    .slice(0, 4000);
}
