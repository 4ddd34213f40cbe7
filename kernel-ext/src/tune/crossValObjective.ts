import { TrainlabError } from "../errors";
import type { Estimator } from "../core/protocols";
import { crossValidate, CrossValidateOptions } from "../core/crossValidate";
import type { Objective } from "./study";
import type { Trial } from "./trial";

/** Options of {@link crossValObjective}: the folds, as crossValidate's. */
export type CrossValObjectiveOptions = CrossValidateOptions;

/**
 * An objective that scores any estimator by cross-validation: `makeEstimator(trial)` asks the
 * trial for hyperparameters and returns an unfitted estimator (classical or neural); the trial's
 * value is its mean k-fold accuracy on (X, y) (`lab.overfit.crossValidate`), to maximize.
 *
 * ```ts
 * await study.optimize(lab.tune.crossValObjective((t) => lab.data.knn({ k: t.suggestInt("k", 1, 30) }), X, y), { nTrials: 20 });
 * ```
 */
export function crossValObjective(
  makeEstimator: (trial: Trial) => Estimator | Promise<Estimator>,
  X: number[][],
  y: number[],
  options: CrossValObjectiveOptions = {},
): Objective {
  if (typeof makeEstimator !== "function") {
    throw new TrainlabError("crossValObjective(makeEstimator, X, y): makeEstimator must be a function (trial) => estimator, e.g. (t) => lab.data.knn({ k: t.suggestInt(\"k\", 1, 30) }).");
  }
  if (!Array.isArray(X) || !Array.isArray(y) || X.length !== y.length || X.length === 0) {
    throw new TrainlabError(`crossValObjective: X (rows) and y (labels) must be non-empty arrays of the same length; got ${Array.isArray(X) ? X.length : typeof X} rows and ${Array.isArray(y) ? y.length : typeof y} labels.`);
  }
  return async (trial: Trial) => {
    const estimator = await makeEstimator(trial);
    if (estimator == null || typeof (estimator as Estimator).fit !== "function") {
      throw new TrainlabError("crossValObjective: makeEstimator(trial) must return an estimator with fit(X, y) (lab.data.knn(…), lab.overfit.mlpClassifier(…), lab.train.estimator(…)).");
    }
    return (await crossValidate(estimator, X, y, options)).mean;
  };
}
