import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { isFitted, Fitted } from "../core/protocols";

/**
 * What every explainer calls: rows in (n × d), one output row per input row out.
 * A function may return one number per row (a score, a probability, a label) or
 * several (class probabilities); both are read as an n × k matrix.
 */
export type PredictFn = (rows: number[][]) => ArrayLike<number> | number[][];

/**
 * What every explainer accepts: a predict function, any fitted estimator (its `predictProba`
 * when it has one, else `predict`: lab.data.logisticRegression().fit(X, y), lab.train.estimator(model), …),
 * or a tf.LayersModel (its outputs).
 */
export type Predictor = PredictFn | Fitted | tf.LayersModel;

/** The predict function behind any {@link Predictor}. */
export function toPredictFn(predictor: Predictor): PredictFn {
  if (typeof predictor === "function") return predictor;
  if (predictor instanceof tf.LayersModel) {
    return (rows) => tf.tidy(() => (predictor.predict(tf.tensor(rows)) as tf.Tensor).reshape([rows.length, -1]).arraySync() as number[][]);
  }
  if (isFitted(predictor)) {
    const fitted = predictor;
    return (rows) => {
      const out = fitted.predictProba ? fitted.predictProba(rows) : fitted.predict(rows);
      if (out instanceof Promise) {
        throw new TrainlabError("This model predicts asynchronously (its predict returns a Promise); explainers need answers at once: pass (rows) => … returning arrays.");
      }
      return out;
    };
  }
  throw new TrainlabError("Pass a predict function (rows => outputs), a fitted estimator (with predict / predictProba) or a tf.LayersModel.");
}

/** Call `predict` and read its answer as an n × k matrix, checking its length. */
export function predictMatrix(predictor: Predictor, rows: number[][]): number[][] {
  const raw = toPredictFn(predictor)(rows);
  if (raw == null || typeof (raw as ArrayLike<number>).length !== "number") {
    throw new TrainlabError(
      "predict returned nothing usable; it must return one number (or one array of numbers) per input row.",
    );
  }
  if (raw.length !== rows.length) {
    throw new TrainlabError(
      `predict returned ${raw.length} outputs for ${rows.length} rows; return one output per input row.`,
    );
  }
  const out: number[][] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = (raw as ArrayLike<unknown>)[i];
    out[i] = typeof v === "number" ? [v] : Array.from(v as ArrayLike<number>);
  }
  return out;
}

/**
 * The output column an explanation is about: `output` when given; else the only column,
 * or column 1 when there are two (the positive class, as scikit-learn does for binary models).
 */
export function _outputColumn(k: number, output: number | undefined, what: string): number {
  if (output !== undefined) {
    if (!Number.isInteger(output) || output < 0 || output >= k) {
      throw new TrainlabError(`${what}: output ${output} does not exist; predict returns ${k} columns (0..${k - 1}).`);
    }
    return output;
  }
  if (k === 1) return 0;
  if (k === 2) return 1;
  throw new TrainlabError(
    `${what}: predict returns ${k} columns; say which one to explain with the option { output: classIndex }.`,
  );
}

/** Check that X is a non-empty rectangular matrix of finite numbers; returns its width. */
export function _checkRows(X: number[][], what: string): number {
  if (!Array.isArray(X) || X.length === 0 || !Array.isArray(X[0])) {
    throw new TrainlabError(`${what}: X must be a non-empty array of rows (number[][]).`);
  }
  const d = X[0].length;
  for (let i = 0; i < X.length; i++) {
    if (X[i].length !== d) {
      throw new TrainlabError(`${what}: row ${i} has ${X[i].length} values but row 0 has ${d}; all rows need the same features.`);
    }
  }
  return d;
}
