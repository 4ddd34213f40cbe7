export { TrainlabError } from "./errors";
export type { Exercise, ExerciseTest } from "./grading/types";
export * as transfer from "./transfer";
export * as deploy from "./deploy";
