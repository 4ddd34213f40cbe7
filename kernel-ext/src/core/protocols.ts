/**
 * The estimator protocol every model in Trainlab speaks, classical or neural (as in scikit-learn):
 * `fit(X, y)` returns a fitted model; a fitted model has `predict(X)` and, when it can,
 * `predictProba(X)`. Rows are `number[][]`, one row per sample; labels are class indexes (or
 * numbers, for regression). Every consumer — cross-validation, learning and validation curves,
 * the explainers, deployment — accepts these shapes. A tf.LayersModel joins through
 * `lab.train.estimator(model)`.
 */

/** A fitted model: predicts class indexes (or values), and class probabilities when it can. */
export interface Fitted {
  /** One prediction per row: a class index for a classifier, a number for a regressor. */
  predict(X: number[][]): number[] | Promise<number[]>;
  /** Probability of each class 0..K-1 for each row (classifiers only). */
  predictProba?(X: number[][]): number[][] | Promise<number[][]>;
  /** Frees what the model holds (tensors); called by Trainlab when it is done with the model. */
  dispose?(): void;
}

/**
 * Anything with `fit(X, y)` returning a fitted model: the one shape every Trainlab evaluation
 * function (learning curves, cross-validation, capacity sweeps) accepts, as in scikit-learn.
 */
export interface Estimator {
  fit(X: number[][], y: number[]): Fitted | Promise<Fitted>;
}

/** True for a fitted model (an object with a `predict` method). */
export function isFitted(value: unknown): value is Fitted {
  return typeof value === "object" && value !== null && typeof (value as Fitted).predict === "function";
}
