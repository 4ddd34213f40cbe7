/** estimator(model): any tf.LayersModel speaking Trainlab's estimator protocol (fit / predict / predictProba). */
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import type { Estimator, Fitted } from "../core/protocols";
import { fit, FitOptions } from "./fit";
import type { History } from "./callbacks/types";

/** Options of {@link estimator}: how `fit(X, y)` trains (lab.train.fit's options, without the data). */
export interface EstimatorOptions extends Omit<FitOptions, "validationData"> {
  /**
   * "classifier": y holds class indexes, predict gives the most probable class, predictProba the
   * class probabilities (a single sigmoid output is read as P(class 1)). "regressor": predict gives
   * the model's output. Default: "regressor" for a mean-squared/absolute-error loss, else "classifier".
   */
  task?: "classifier" | "regressor";
  /** Rows predicted per step in predict/predictProba. Default 256. */
  predictBatchSize?: number;
}

/** A tf.LayersModel behind the estimator protocol; `model` is the wrapped model, `history` the last fit's. */
export interface LayersModelEstimator extends Estimator, Fitted {
  readonly model: tf.LayersModel;
  readonly task: "classifier" | "regressor";
  /** lab.train.fit's history of the last `fit`, if any. */
  history?: History;
  fit(X: number[][], y: number[]): Promise<LayersModelEstimator>;
  predict(X: number[][]): number[];
  predictProba(X: number[][]): number[][];
}

/**
 * Wraps a compiled tf.LayersModel (or a function that builds one) as an estimator: `fit(X, y)`
 * trains through lab.train.fit (one-hot encoding labels when the loss wants it), `predict(X)` and
 * `predictProba(X)` answer with plain arrays. Given a model, `fit` trains that model in place and
 * returns this estimator; given a build function `(X, y) => model`, every `fit` builds a fresh
 * model (what cross-validation and learning curves need) and returns a new fitted estimator whose
 * `dispose` frees it.
 *
 * @example const est = lab.train.estimator(() => lab.overfit.mlp({ inputs: 4, outputs: 3 }), { epochs: 50 });
 *          await lab.overfit.crossValidate(est, X, y);
 */
export function estimator(model: tf.LayersModel | ((X: number[][], y: number[]) => tf.LayersModel), options: EstimatorOptions = {}): LayersModelEstimator {
  if (typeof model === "function") {
    const build = model;
    const unfitted = (): never => {
      throw new TrainlabError("estimator(build): call fit(X, y) first; it builds and trains a model and returns the fitted estimator.");
    };
    return {
      get model(): tf.LayersModel {
        return unfitted();
      },
      get task() {
        return options.task ?? "classifier";
      },
      async fit(X: number[][], y: number[]) {
        const built = build(X, y);
        if (!(built instanceof tf.LayersModel)) throw new TrainlabError("estimator(build): build() must return a compiled tf.LayersModel.");
        // The fitted model owns its network and its optimizer (Adam's moments): dispose frees both.
        const fitted = wrap(built, options, () => { built.optimizer?.dispose(); built.dispose(); });
        await fitted.fit(X, y);
        return fitted;
      },
      predict: unfitted,
      predictProba: unfitted,
    };
  }
  if (!(model instanceof tf.LayersModel)) {
    throw new TrainlabError("estimator(): pass a tf.LayersModel (tf.sequential() / tf.model()) or a function that builds one.");
  }
  return wrap(model, options);
}

function wrap(model: tf.LayersModel, options: EstimatorOptions, dispose?: () => void): LayersModelEstimator {
  const taskOf = (): "classifier" | "regressor" => {
    if (options.task) return options.task;
    const loss = String(Array.isArray(model.loss) ? model.loss[0] : model.loss ?? "");
    return /squared|absolute|huber|logcosh|poisson/i.test(loss) ? "regressor" : "classifier";
  };
  const outputs = (X: number[][]): number[][] => {
    const m = model;
    if (!Array.isArray(X) || X.length === 0) return [];
    return tf.tidy(() => (m.predict(tf.tensor(X), { batchSize: options.predictBatchSize ?? 256 }) as tf.Tensor).reshape([X.length, -1]).arraySync() as number[][]);
  };
  const self: LayersModelEstimator = {
    get model() {
      return model;
    },
    get task() {
      return taskOf();
    },
    async fit(X: number[][], y: number[]) {
      const m = model;
      if (!Array.isArray(X) || !Array.isArray(y) || X.length !== y.length) {
        throw new TrainlabError(`estimator.fit(X, y): X and y need one entry per sample (got ${Array.isArray(X) ? X.length : typeof X} rows and ${Array.isArray(y) ? y.length : typeof y} labels).`);
      }
      const ys = targets(m, y, taskOf());
      try {
        self.history = await fit(m, X, ys, { display: "none", ...options });
      } finally {
        if (ys instanceof tf.Tensor) ys.dispose();
      }
      return self;
    },
    predictProba(X: number[][]): number[][] {
      if (taskOf() === "regressor") throw new TrainlabError("predictProba: this estimator is a regressor; it has predict(X) only.");
      const out = outputs(X);
      return out.map((row) => (row.length === 1 ? [1 - row[0], row[0]] : row));
    },
    predict(X: number[][]): number[] {
      if (taskOf() === "regressor") return outputs(X).map((row) => row[0]);
      return self.predictProba(X).map((p) => p.indexOf(Math.max(...p)));
    },
    dispose() {
      dispose?.();
    },
  };
  return self;
}

/** Labels as the model's loss wants them: one-hot for categorical cross-entropy, a column otherwise. */
function targets(model: tf.LayersModel, y: number[], task: "classifier" | "regressor"): tf.Tensor | number[][] {
  const loss = String(Array.isArray(model.loss) ? model.loss[0] : model.loss);
  const k = model.outputs[0].shape[model.outputs[0].shape.length - 1] ?? 1;
  if (task === "classifier" && k > 1 && !/sparse/i.test(loss)) {
    for (let i = 0; i < y.length; i++) {
      if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= k) {
        throw new TrainlabError(`estimator.fit: label ${i} is ${y[i]}, but the model has ${k} classes (0..${k - 1}).`);
      }
    }
    return tf.tidy(() => tf.oneHot(tf.tensor1d(y, "int32"), k).toFloat());
  }
  return y.map((v) => [v]);
}

/** A tf.LayersModel, or an estimator that wraps one ({@link estimator}'s result). */
export type LayersModelLike = tf.LayersModel | { readonly model: tf.LayersModel };

/** The tf.LayersModel behind a {@link LayersModelLike}; `what` names the caller in the error. */
export function layersModelOf(m: LayersModelLike, what: string): tf.LayersModel {
  if (m instanceof tf.LayersModel) return m;
  const inner = (m as { model?: unknown } | null)?.model;
  if (inner instanceof tf.LayersModel) return inner;
  throw new TrainlabError(`${what}: pass a tf.LayersModel or lab.train.estimator(model) (an estimator wrapping one); got ${m === null ? "null" : typeof m}.`);
}
