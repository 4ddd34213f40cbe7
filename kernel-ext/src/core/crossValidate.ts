import { TrainlabError } from "../errors";
import { accuracy } from "./metrics";
import type { Estimator } from "./protocols";
import { kFold, stratifiedKFold, take, Fold } from "./folds";

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Number of folds, or explicit folds. Default 5. */
  cv?: number | Fold[];
  /** Keep class shares in every fold (StratifiedKFold) when `cv` is a number. Default true. */
  stratified?: boolean;
}

/** Per-fold accuracies and their summary. */
export interface CrossValidation {
  scores: number[];
  mean: number;
  /** Population std of the fold scores (numpy's default): how much the estimate moves with the split. */
  std: number;
}

/**
 * Trains on k-1 folds and scores on the held-out one, k times: a less lucky estimate of
 * accuracy than one split (scikit-learn's cross_val_score with accuracy).
 */
export async function crossValidate(estimator: Estimator, X: number[][], y: number[], options: CrossValidateOptions = {}): Promise<CrossValidation> {
  if (X.length !== y.length) throw new TrainlabError(`crossValidate: X has ${X.length} rows but y has ${y.length} labels.`);
  const folds = resolveFolds(options.cv, y, options.stratified ?? true);
  const scores: number[] = [];
  for (const fold of folds) {
    const model = await estimator.fit(take(X, fold.train), take(y, fold.train));
    scores.push(accuracy(take(y, fold.test), await model.predict(take(X, fold.test))));
    model.dispose?.();
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length);
  return { scores, mean, std };
}

/** Folds from a count (stratified or plain, no shuffling) or as given. */
export function resolveFolds(cv: number | Fold[] | undefined, y: number[], stratified: boolean): Fold[] {
  if (Array.isArray(cv)) return cv;
  return stratified ? stratifiedKFold(y, cv ?? 5) : kFold(y.length, cv ?? 5);
}
