import { keepSolutions, LessonCell } from "./parse";

/**
 * The self-paced build's solutions file of a chapter (`notebooks/.solutions/NN-slug.json`): each
 * exercise cell as the instructor version has it, by exercise id. `lab.solution` reads it; a
 * class release never writes it.
 */
export function solutionsText(cells: LessonCell[], chapter: string): string {
  const solutions: Record<string, string> = {};
  for (const cell of cells) if (cell.kind === "exercise") solutions[cell.exercise] = keepSolutions(cell.source);
  return JSON.stringify({ trainlab: "solutions", chapter, solutions }, null, 1) + "\n";
}
