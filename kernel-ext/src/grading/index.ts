export { check, summarize } from "./check";
export type { CheckSummary } from "./check";
export { runTests, NOT_IMPLEMENTED } from "./run";
export type { TestResult } from "./run";
export { loadExercises, findExercise, chapterDir, lessonsDir } from "./exercises";
export type { Exercise, ExerciseTest } from "./types";
