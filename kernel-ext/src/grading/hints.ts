/**
 * Hints on demand: `lab.hint("2.1")` shows the exercise's next hint each time it runs
 * ("Hint 2 of 3"), from a nudge to nearly the answer; after the last it points to the solution.
 */
import { displayBundle } from "../display/jupyter";
import { findExercise } from "./exercises";
import { safeHtml } from "./check";
import type { Exercise } from "./types";

/** How many hints of each exercise have been shown in this kernel session. */
const shown = new Map<string, number>();

/** The hints of an exercise, in order: its `hints`, else its visible tests' hints (each once). */
export function hintsOf(exercise: Exercise): string[] {
  if (exercise.hints?.length) return exercise.hints;
  return [...new Set(exercise.tests.map((t) => t.hint).filter((h): h is string => !!h))];
}

/** What `hint` shows: the hint's number, how many there are, and its text. */
export interface HintShown {
  id: string;
  number: number;
  of: number;
  text: string;
}

/**
 * Shows the next hint of exercise `id` ("Hint 1 of 3", then "Hint 2 of 3" on the next call …);
 * after the last one it shows the last again and says how to see the solution. Returns nothing,
 * so the cell shows only the hint.
 */
export function hint(id: string): void {
  try {
    nextHint(id);
  } catch (e) {
    // Like check: never fail the cell (a graded notebook runs where lessons/ cannot be read).
    const text = `lab.hint("${id}") could not run: ${e instanceof Error ? e.message : String(e)}`;
    showHint(text, safeHtml(text));
  }
}

/** Shows the next hint of exercise `id` (see {@link hint}) and returns what it showed. */
export function nextHint(id: string): HintShown {
  const exercise = findExercise(id);
  const hints = hintsOf(exercise);
  if (hints.length === 0) {
    const text = `Exercise ${id} has no hints; re-read its description, and run lab.check to see what each test expects.`;
    showHint(text, text);
    return { id, number: 0, of: 0, text };
  }
  const number = Math.min((shown.get(id) ?? 0) + 1, hints.length);
  shown.set(id, number);
  const last = number === hints.length ? ` That was the last hint; working alone, lab.solution("${id}") shows a solution.` : ` Run lab.hint("${id}") again for the next one.`;
  const head = `Hint ${number} of ${hints.length} for exercise ${id}`;
  showHint(`${head}: ${hints[number - 1]}\n${last.trim()}`, `<b>${safeHtml(head)}:</b> ${safeHtml(hints[number - 1])}<div style="color:#57606a">${safeHtml(last.trim())}</div>`);
  return { id, number, of: hints.length, text: hints[number - 1] };
}

/** Starts the hints of exercise `id` (or of every exercise) from the first again. */
export function resetHints(id?: string): void {
  if (id) shown.delete(id);
  else shown.clear();
}

function showHint(text: string, html: string): void {
  const box = `<div class="trainlab-hint tex2jax_ignore" style="border-left:6px solid #0969da;background:#ddf4ff;padding:6px 10px;font-size:13px">💡 ${html}</div>`;
  if (!displayBundle({ "text/html": box, "text/plain": `💡 ${text}` })) console.log(`💡 ${text}`);
}
