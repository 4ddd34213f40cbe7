/** A fitted model: predicts class indexes (and, when it can, class probabilities). */
export interface Fitted {
  predict(X: number[][]): number[] | Promise<number[]>;
  /** Probability of each class 0..K-1 for each row. */
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

export { accuracy } from "../core/metrics";
