import { TrainlabError } from "../errors";
import { stratifiedKFold, Fold } from "../core/folds";
import { Estimator } from "./estimator";
import { take } from "./split";

/** Options of {@link crossValPredictProba}. */
export interface CrossValPredictOptions {
  /** Number of stratified folds (no shuffling), or explicit folds. Default 5. */
  cv?: number | Fold[];
  /** Number of classes (columns of the result). Default: largest label + 1. */
  classes?: number;
}

/**
 * Out-of-fold predicted probabilities: each row's probabilities come from a model that never
 * saw that row — what confident learning (findLabelIssues) needs.
 */
export async function crossValPredictProba(estimator: Estimator, X: number[][], y: number[], options: CrossValPredictOptions = {}): Promise<number[][]> {
  const folds = Array.isArray(options.cv) ? options.cv : stratifiedKFold(y, options.cv ?? 5);
  const k = options.classes ?? Math.max(...y) + 1;
  const out: number[][] = new Array(X.length);
  for (const fold of folds) {
    const model = await estimator.fit(take(X, fold.train), take(y, fold.train));
    if (!model.predictProba) {
      throw new TrainlabError("crossValPredictProba: this estimator gives no probabilities (no predictProba); use e.g. data.logisticRegression().");
    }
    const probs = await model.predictProba(take(X, fold.test));
    fold.test.forEach((row, i) => (out[row] = probs[i].length === k ? probs[i] : padded(probs[i], k)));
    model.dispose?.();
  }
  return out;
}

function padded(p: number[], k: number): number[] {
  return Array.from({ length: k }, (_, i) => p[i] ?? 0);
}
