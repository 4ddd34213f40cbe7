import { TrainlabError } from "../errors";
import { accuracy } from "../core/metrics";
import type { Estimator } from "../core/protocols";
import { take } from "../core/folds";
import { Fold } from "../core/folds";
import { resolveFolds } from "../core/crossValidate";

/** Options of {@link validationCurve}. */
export interface ValidationCurveOptions<P> {
  /** The capacity settings to try, e.g. neighbours [1, 3, 9, 27] or hidden units [2, 8, 32]. */
  values: P[];
  /** Number of stratified folds (no shuffling), or explicit folds. Default 5. */
  cv?: number | Fold[];
  /** Called after each fit with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Training and validation accuracy per setting (rows) and fold (columns). */
export interface ValidationCurve<P> {
  values: P[];
  trainScores: number[][];
  testScores: number[][];
  trainMean: number[];
  testMean: number[];
  /** The setting with the best mean validation accuracy (the first on ties). */
  best: P;
  /** Plotly traces: mean train and validation accuracy against the setting. */
  traces(): Record<string, unknown>[];
}

/**
 * A capacity sweep: for every setting, cross-validates a fresh model and records training and
 * validation accuracy — scikit-learn's validation_curve semantics (same folds for every
 * setting; train score on the fold's training rows). Underfitting shows as both curves low,
 * overfitting as a training curve far above the validation curve.
 *
 * @example await lab.overfit.validationCurve((k) => lab.data.knn({ k }), X, y, { values: [1, 5, 25] })
 */
export async function validationCurve<P>(
  makeEstimator: (value: P) => Estimator,
  X: number[][],
  y: number[],
  options: ValidationCurveOptions<P>
): Promise<ValidationCurve<P>> {
  if (!options.values || options.values.length === 0) throw new TrainlabError("validationCurve: pass the settings to try as { values: [...] }.");
  if (X.length !== y.length) throw new TrainlabError(`validationCurve: X has ${X.length} rows but y has ${y.length} labels.`);
  const folds = resolveFolds(options.cv, y, true);
  const trainScores = options.values.map(() => new Array(folds.length).fill(NaN));
  const testScores = options.values.map(() => new Array(folds.length).fill(NaN));
  let done = 0;
  for (let f = 0; f < folds.length; f++) {
    const Xtr = take(X, folds[f].train);
    const ytr = take(y, folds[f].train);
    const Xte = take(X, folds[f].test);
    const yte = take(y, folds[f].test);
    for (let v = 0; v < options.values.length; v++) {
      const model = await makeEstimator(options.values[v]).fit(Xtr, ytr);
      trainScores[v][f] = accuracy(ytr, await model.predict(Xtr));
      testScores[v][f] = accuracy(yte, await model.predict(Xte));
      model.dispose?.();
      options.onProgress?.(++done, folds.length * options.values.length);
    }
  }
  const avg = (rows: number[][]) => rows.map((r) => r.reduce((a, b) => a + b, 0) / r.length);
  const trainMean = avg(trainScores);
  const testMean = avg(testScores);
  let bestIndex = 0;
  testMean.forEach((m, i) => {
    if (m > testMean[bestIndex]) bestIndex = i;
  });
  const x = options.values.map((v) => (typeof v === "number" ? v : String(v)));
  const traces = () => [
    { x, y: trainMean, name: "training accuracy", mode: "lines+markers" },
    { x, y: testMean, name: "validation accuracy", mode: "lines+markers" },
  ];
  return {
    values: options.values,
    trainScores,
    testScores,
    trainMean,
    testMean,
    best: options.values[bestIndex],
    traces,
  };
}
