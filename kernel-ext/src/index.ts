export { TrainlabError } from "./errors";
export type { Exercise, ExerciseTest } from "./grading/types";
export * as explain from "./explain";
export * as fairness from "./fairness";
