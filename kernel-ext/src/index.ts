export { TrainlabError } from "./errors";
export type { Exercise, ExerciseTest } from "./grading/types";
export * as datasets from "./datasets";
export * as data from "./data";
export * as overfit from "./overfit";
