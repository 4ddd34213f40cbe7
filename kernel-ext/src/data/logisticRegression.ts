import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { Estimator, Fitted } from "./estimator";

/** Options of {@link logisticRegression}. */
export interface LogisticRegressionOptions {
  /** Full-batch Adam steps. Default 200. */
  epochs?: number;
  /** Adam's step size. Default 0.05. */
  learningRate?: number;
  /** L2 penalty on the weights (sum of squares, times this). Default 1e-3. */
  l2?: number;
  /** Number of classes; default: largest label + 1. */
  classes?: number;
  /** Seed of the weight initialisation. Default 0. */
  seed?: number;
  /** Scale each feature to mean 0, std 1 with statistics of the training rows. Default true. */
  standardize?: boolean;
}

/**
 * Multinomial (softmax) logistic regression trained with TensorFlow.js: a small, honest model
 * whose predicted probabilities are good enough for confident learning and learning curves.
 */
export function logisticRegression(options: LogisticRegressionOptions = {}): Estimator {
  const epochs = options.epochs ?? 200;
  const lr = options.learningRate ?? 0.05;
  const l2 = options.l2 ?? 1e-3;
  return {
    fit(X: number[][], y: number[]): Fitted {
      if (X.length === 0 || X.length !== y.length) {
        throw new TrainlabError(`logisticRegression.fit: X has ${X.length} rows and y ${y.length} labels; they must match and be non-empty.`);
      }
      const k = options.classes ?? Math.max(...y) + 1;
      const d = X[0].length;
      const [mu, sd] = featureStats(X, options.standardize ?? true);
      const scale = (rows: number[][]) => rows.map((r) => r.map((v, j) => (v - mu[j]) / sd[j]));
      const w0 = tf.randomNormal([d, k], 0, 0.01, "float32", options.seed ?? 0);
      const b0 = tf.zeros([k]);
      const w = tf.variable(w0);
      const b = tf.variable(b0);
      w0.dispose();
      b0.dispose();
      const xs = tf.tensor2d(scale(X), [X.length, d]);
      const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(y, "int32"), k));
      const optimizer = tf.train.adam(lr);
      for (let e = 0; e < epochs; e++) {
        optimizer.minimize(() => {
          const logits = tf.add(tf.matMul(xs, w), b);
          const loss = tf.losses.softmaxCrossEntropy(ys, logits);
          return tf.add(loss, tf.mul(l2, tf.sum(tf.square(w)))) as tf.Scalar;
        });
      }
      optimizer.dispose();
      xs.dispose();
      ys.dispose();
      const proba = (rows: number[][]): number[][] =>
        tf.tidy(() => tf.softmax(tf.add(tf.matMul(tf.tensor2d(scale(rows), [rows.length, d]), w), b)).arraySync() as number[][]);
      return {
        predictProba: proba,
        predict: (rows) => proba(rows).map(argmax),
        dispose: () => {
          w.dispose();
          b.dispose();
        },
      };
    },
  };
}

function featureStats(X: number[][], standardize: boolean): [number[], number[]] {
  const d = X[0].length;
  const mu = new Array(d).fill(0);
  const sd = new Array(d).fill(1);
  if (!standardize) return [mu, sd];
  for (const r of X) r.forEach((v, j) => (mu[j] += v / X.length));
  const v2 = new Array(d).fill(0);
  for (const r of X) r.forEach((v, j) => (v2[j] += ((v - mu[j]) ** 2) / X.length));
  return [mu, v2.map((v) => (v > 0 ? Math.sqrt(v) : 1))];
}

/** Index of the largest value (the first one on ties, as numpy's argmax). */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}
