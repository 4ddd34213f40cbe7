/**
 * @trainlab/kernel-ext — what every Trainlab notebook imports:
 *   import * as lab from "@trainlab/kernel-ext";
 */
export { TrainlabError } from "./errors";
export { plot, figure, table, markdown, html, progress, liveFigure, inJupyter, show } from "./display";
export type { Trace, Layout, Figure, Progress, LiveFigure, TableLike, Displayable } from "./display";
export { check, hint, solution, assertClose, assertNear, assertAllClose, assertUnchanged } from "./grading";
export type { Exercise, ExerciseTest, CheckSummary, TestResult } from "./grading";
export * as display from "./display";
export * as grading from "./grading/public";
export * as train from "./train";
export { tf, useBestBackend } from "./train";
export * as datasets from "./datasets";
export * as data from "./data";
export * as overfit from "./overfit";
export * as tune from "./tune";
export * as compute from "./compute";
export * as transfer from "./transfer";
export * as deploy from "./deploy";
export * as explain from "./explain";
export * as fairness from "./fairness";
