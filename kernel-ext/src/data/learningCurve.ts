import { TrainlabError } from "../errors";
import { stratifiedKFold, Fold } from "../core/folds";
import { accuracy, Estimator } from "./estimator";
import { take } from "./split";

/** Options of {@link learningCurve}. */
export interface LearningCurveOptions {
  /** Training-set sizes as fractions (0, 1] of the largest training fold, or as row counts (integers > 1). Default [0.1, 0.325, 0.55, 0.775, 1]. */
  trainSizes?: number[];
  /** Number of stratified folds (no shuffling), or explicit folds. Default 5. */
  cv?: number | Fold[];
  /** Called after each fit with (done, total), e.g. to move a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** Scores per training-set size (rows) and fold (columns). */
export interface LearningCurve {
  trainSizes: number[];
  trainScores: number[][];
  testScores: number[][];
  /** Mean over folds, per size. */
  trainMean: number[];
  testMean: number[];
  /** Plotly traces: mean train and validation accuracy against training-set size. */
  traces(): Record<string, unknown>[];
}

/**
 * How accuracy grows with more training data. For each fold and each size n, fits on the
 * first n rows of the fold's training part, then scores on those rows and on the fold's test
 * part — scikit-learn's learning_curve semantics (sizes as fractions of the first training fold,
 * truncated to integers, deduplicated; stratified folds without shuffling).
 *
 * @example const lc = await lab.data.learningCurve(lab.data.nearestCentroid(), X, y);
 */
export async function learningCurve(estimator: Estimator, X: number[][], y: number[], options: LearningCurveOptions = {}): Promise<LearningCurve> {
  if (X.length !== y.length) throw new TrainlabError(`learningCurve: X has ${X.length} rows but y has ${y.length} labels.`);
  const folds = Array.isArray(options.cv) ? options.cv : stratifiedKFold(y, options.cv ?? 5);
  const nMax = folds[0].train.length;
  const sizes = translateSizes(options.trainSizes ?? [0.1, 0.325, 0.55, 0.775, 1], nMax);
  const trainScores = sizes.map(() => new Array(folds.length).fill(NaN));
  const testScores = sizes.map(() => new Array(folds.length).fill(NaN));
  let done = 0;
  for (let f = 0; f < folds.length; f++) {
    const Xtest = take(X, folds[f].test);
    const ytest = take(y, folds[f].test);
    for (let s = 0; s < sizes.length; s++) {
      const idx = folds[f].train.slice(0, sizes[s]);
      const Xtr = take(X, idx);
      const ytr = take(y, idx);
      const model = await estimator.fit(Xtr, ytr);
      trainScores[s][f] = accuracy(ytr, await model.predict(Xtr));
      testScores[s][f] = accuracy(ytest, await model.predict(Xtest));
      model.dispose?.();
      options.onProgress?.(++done, folds.length * sizes.length);
    }
  }
  const avg = (rows: number[][]) => rows.map((r) => r.reduce((a, b) => a + b, 0) / r.length);
  const trainMean = avg(trainScores);
  const testMean = avg(testScores);
  const traces = () => [
    { x: sizes, y: trainMean, name: "training accuracy", mode: "lines+markers" },
    { x: sizes, y: testMean, name: "validation accuracy", mode: "lines+markers" },
  ];
  return {
    trainSizes: sizes,
    trainScores,
    testScores,
    trainMean,
    testMean,
    traces,
  };
}

/** scikit-learn's _translate_train_sizes: fractions of nMax truncated to ints, clipped to [1, nMax], unique. */
export function translateSizes(sizes: number[], nMax: number): number[] {
  const fractions = sizes.every((s) => s > 0 && s <= 1) && sizes.some((s) => !Number.isInteger(s) || s < 1);
  let abs: number[];
  if (fractions) {
    abs = sizes.map((s) => Math.min(nMax, Math.max(1, Math.trunc(s * nMax))));
  } else {
    if (sizes.some((s) => !Number.isInteger(s) || s < 1 || s > nMax)) {
      throw new TrainlabError(`learningCurve: row-count train sizes must be integers in [1, ${nMax}] (got ${sizes.join(", ")}).`);
    }
    abs = sizes;
  }
  return [...new Set(abs)].sort((a, b) => a - b);
}
