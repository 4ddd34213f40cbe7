/**
 * Solutions on demand, in the self-paced build only: `npm run build` writes each chapter's
 * solutions to `notebooks/.solutions/NN-slug.json` beside the notebooks; a class release
 * (`trainlab release`) writes none, so `lab.solution` there says it has none.
 */
import * as fs from "fs";
import * as path from "path";
import { displayBundle } from "../display/jupyter";
import { TrainlabError } from "../errors";
import { chapterDir } from "./exercises";

/** The folder, beside the notebooks, that holds the self-paced build's solutions. */
export const SOLUTIONS_DIR = ".solutions";

/** The solutions file of a chapter: `{trainlab: "solutions", chapter, solutions: {"N.M": source}}`. */
export interface SolutionsFile {
  trainlab: "solutions";
  chapter: string;
  solutions: Record<string, string>;
}

/** Options of {@link solution}. */
export interface SolutionOptions {
  /** The folder of the notebooks (where `.solutions/` is looked for). Default: the kernel's working folder, the notebook's own. */
  notebookDir?: string;
}

/**
 * Shows the reference solution of exercise `id`, highlighted as TypeScript. In a class release
 * there is none: it says so. Returns nothing, so the cell shows only the solution.
 */
export function solution(id: string, options: SolutionOptions = {}): void {
  try {
    showSolution(id, options);
  } catch (e) {
    const text = `lab.solution("${id}") could not run: ${e instanceof Error ? e.message : String(e)}`;
    if (!displayBundle({ "text/plain": text })) console.log(text);
  }
}

/** Shows the solution of exercise `id` (see {@link solution}) and returns its source, or undefined where there is none. */
export function showSolution(id: string, options: SolutionOptions = {}): string | undefined {
  const slug = path.basename(chapterDir(id));
  const file = path.join(options.notebookDir ?? process.cwd(), SOLUTIONS_DIR, `${slug}.json`);
  const source = readSolution(file, id);
  if (source === undefined) {
    const text = `No solution for exercise ${id} here: class releases (trainlab release) leave solutions out — ask your instructor. Working alone, open the notebook from the course's notebooks/ folder, where the self-paced build keeps them.`;
    if (!displayBundle({ "text/markdown": text, "text/plain": text })) console.log(text);
    return undefined;
  }
  const markdown = `**Solution to exercise ${id}** (try the hints first: \`lab.hint("${id}")\`)\n\n\`\`\`typescript\n${source}\n\`\`\``;
  if (!displayBundle({ "text/markdown": markdown, "text/plain": `Solution to exercise ${id}:\n${source}` })) console.log(`Solution to exercise ${id}:\n${source}`);
  return source;
}

function readSolution(file: string, id: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  let parsed: SolutionsFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new TrainlabError(`${file} is not valid JSON (${(e as Error).message}); rebuild it with \`npm run build\`.`);
  }
  return parsed?.solutions?.[id];
}
