export { kFold, stratifiedKFold } from "../core/folds";
export type { Fold } from "../core/folds";
export { crossValidate } from "../core/crossValidate";
export type { CrossValidateOptions, CrossValidation } from "../core/crossValidate";
export { validationCurve } from "./validationCurve";
export type { ValidationCurve, ValidationCurveOptions } from "./validationCurve";
export { validationCurveFigure } from "./validationCurveFigure";
export type { ValidationCurveFigureOptions } from "./validationCurveFigure";
// One early-stopping callback for every chapter: the training core's.
export { earlyStopping, EarlyStopper } from "../train/callbacks/earlyStopping";
export type { EarlyStoppingOptions, EarlyStoppingCallback } from "../train/callbacks/earlyStopping";
export { mlp } from "./mlp";
export type { MlpOptions } from "./mlp";
export { mlpClassifier } from "./mlpClassifier";
export type { MlpClassifierOptions } from "./mlpClassifier";
export { fitCurves, evaluateAccuracy } from "./fitCurves";
export type { FitCurvesOptions } from "./fitCurves";
/** fitCurves returns the training core's one history type. */
export type { History as TrainingHistory } from "../train/callbacks/types";
