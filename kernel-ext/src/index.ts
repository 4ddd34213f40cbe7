export { TrainlabError } from "./errors";
export type { Exercise, ExerciseTest } from "./grading/types";
export * as tune from "./tune";
