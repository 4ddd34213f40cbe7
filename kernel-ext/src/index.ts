export { TrainlabError } from "./errors";
export type { Exercise, ExerciseTest } from "./grading/types";
export * as train from "./train";
export { tf, useBestBackend } from "./train";
