import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/** One cell of a lesson, as written in lesson.md. */
export type LessonCell =
  | { kind: "markdown"; source: string }
  | { kind: "code"; source: string }
  | { kind: "exercise"; exercise: string; source: string }
  | { kind: "claims"; source: string }
  /** A written answer, graded by hand (`trainlab manual`): a markdown cell the learner writes into. */
  | { kind: "written"; written: string; source: string };

const FENCE = /^```(\S*)(.*)$/;
const SPLIT = /^<!--\s*cell\s*-->\s*$/;

/**
 * Parses lesson.md: markdown text becomes markdown cells (`<!-- cell -->` splits them), a
 * ```ts block a code cell, a ```ts exercise=N.M block an exercise cell, a ```ts claims block
 * the values behind the prose's claims (see claims.ts), an ```answer id=N.M block a written
 * answer graded by hand (docs/class.md). Errors name the line.
 */
export function parseLesson(text: string, file = "lesson.md"): LessonCell[] {
  const cells: LessonCell[] = [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let markdown: string[] = [];
  let pendingClaims: LessonCell[] = [];
  const flushMarkdown = () => {
    const source = markdown.join("\n").trim();
    if (source) cells.push({ kind: "markdown", source });
    markdown = [];
    cells.push(...pendingClaims);
    pendingClaims = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (SPLIT.test(line)) {
      flushMarkdown();
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence && fence[1] === "answer") {
      // ```answer id=N.M: the learner's written answer to a question graded by hand (rubric and points in written.json).
      const id = /^id=(\d+\.\d+)$/.exec(fence[2].trim());
      if (!id) throw new TrainlabError(`${file}:${i + 1}: an answer block needs its question id: \`\`\`answer id=N.M`);
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      if (end < 0) throw new TrainlabError(`${file}:${i + 1}: the \`\`\`answer block is never closed; add a line with \`\`\` after it.`);
      flushMarkdown();
      cells.push({ kind: "written", written: id[1], source: lines.slice(i + 1, end).join("\n").trim() });
      i = end;
      continue;
    }
    if (!fence || !/^(ts|typescript)$/.test(fence[1])) {
      if (fence && fence[1] !== "") {
        // Other fenced blocks (```bash, ```text) stay in the markdown; skip to their end.
        const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
        if (end < 0) throw new TrainlabError(`${file}:${i + 1}: the \`\`\`${fence[1]} block is never closed; add a line with \`\`\` after it.`);
        markdown.push(...lines.slice(i, end + 1));
        i = end;
        continue;
      }
      markdown.push(line);
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new TrainlabError(`${file}:${i + 1}: this code block is never closed; add a line with \`\`\` after it.`);
    const source = lines.slice(i + 1, end).join("\n").replace(/\s+$/, "");
    const attrs = fence[2].trim();
    const exercise = /^exercise=(\d+\.\d+)$/.exec(attrs);
    if (attrs && !exercise && attrs !== "claims") {
      throw new TrainlabError(`${file}:${i + 1}: unknown code block option "${attrs}"; use \`\`\`ts, \`\`\`ts exercise=N.M or \`\`\`ts claims.`);
    }
    if (attrs === "claims") {
      // A claims block does not split the markdown around it: it runs after that markdown cell.
      pendingClaims.push({ kind: "claims", source });
      i = end;
      continue;
    }
    flushMarkdown();
    if (exercise) {
      checkSolutionMarkers(source, `${file}:${i + 2}`);
      cells.push({ kind: "exercise", exercise: exercise[1], source });
    } else {
      cells.push({ kind: "code", source });
    }
    i = end;
  }
  flushMarkdown();
  return cells;
}

const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;

function checkSolutionMarkers(source: string, where: string): void {
  let open = false;
  let count = 0;
  for (const line of source.split("\n")) {
    if (BEGIN.test(line)) {
      if (open) throw new TrainlabError(`${where}: BEGIN SOLUTION inside another solution; close the first with // END SOLUTION.`);
      open = true;
      count++;
    } else if (END.test(line)) {
      if (!open) throw new TrainlabError(`${where}: END SOLUTION without a BEGIN SOLUTION before it.`);
      open = false;
    }
  }
  if (open) throw new TrainlabError(`${where}: BEGIN SOLUTION is never closed; add // END SOLUTION.`);
  if (count === 0) throw new TrainlabError(`${where}: an exercise cell needs a solution between // BEGIN SOLUTION and // END SOLUTION.`);
}

/** The student version of an exercise cell: each solution replaced by a stub that throws. */
export function stubSolutions(source: string, exercise: string): string {
  const out: string[] = [];
  let skipping = false;
  for (const line of source.split("\n")) {
    const begin = BEGIN.exec(line);
    if (begin) {
      out.push(`${begin[1]}throw new Error("Not implemented yet: exercise ${exercise} — replace this line with your code");`);
      skipping = true;
    } else if (END.test(line)) {
      skipping = false;
    } else if (!skipping) {
      out.push(line);
    }
  }
  return out.join("\n");
}

/** The instructor version: solutions kept, markers removed. */
export function keepSolutions(source: string): string {
  return source.split("\n").filter((l) => !BEGIN.test(l) && !END.test(l)).join("\n");
}
