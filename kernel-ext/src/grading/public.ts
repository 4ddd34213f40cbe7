/**
 * What `lab.grading` offers a learner: check an exercise, ask for a hint or the solution, and the
 * tolerant assertions exercises use. The runner's internals (runTests, loadExercises, report…)
 * are in ./index for the instructor package and the tests, not in the public API.
 */
export { check } from "./check";
export type { CheckSummary } from "./check";
export { hint, nextHint, hintsOf, resetHints } from "./hints";
export type { HintShown } from "./hints";
export { solution, showSolution } from "./solution";
export type { SolutionOptions } from "./solution";
export { assertClose, assertNear, assertAllClose, assertUnchanged } from "./assert";
export type { Exercise, ExerciseTest, Mistake } from "./types";
export type { TestResult, Outcome } from "./run";
