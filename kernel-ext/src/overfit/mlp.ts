import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Number of input features. */
  inputs: number;
  /** Number of classes (softmax outputs). */
  outputs: number;
  /** Units of each hidden layer; [] is logistic regression. Default [32]. */
  hidden?: number[];
  /** L2 penalty on every kernel (weight matrix), added to the loss: l2 · Σw². Default 0. */
  l2?: number;
  /**
   * Fraction of hidden units dropped at random during training (after each hidden layer), with a
   * new random mask at every step. The masks come from the run's random numbers: seed the run
   * (fitCurves' `seed`, train.fit's `seed`), not the layer — a seeded tfjs dropout layer draws
   * the same mask at every step. Default 0.
   */
  dropout?: number;
  /** Adam's step size. Default 0.01. */
  learningRate?: number;
  /** Seed of the weight initialisation, for reproducible runs. Default 0. */
  seed?: number;
}

/**
 * A compiled multi-layer perceptron for classification (ReLU hidden layers, softmax output,
 * categorical cross-entropy on one-hot labels, Adam), with L2 and dropout as plain options so
 * their effect on the curves can be compared one setting at a time.
 */
export function mlp(options: MlpOptions): tf.Sequential {
  const hidden = options.hidden ?? [32];
  const l2 = options.l2 ?? 0;
  const dropout = options.dropout ?? 0;
  if (dropout < 0 || dropout >= 1) throw new TrainlabError(`mlp: dropout is a fraction in [0, 1) (got ${dropout}).`);
  if (l2 < 0) throw new TrainlabError(`mlp: l2 must be >= 0 (got ${l2}).`);
  const seed = options.seed ?? 0;
  const regularizer = l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined;
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: "relu",
        inputShape: i === 0 ? [options.inputs] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        kernelRegularizer: regularizer,
      })
    );
    // No layer seed: a seeded tfjs dropout layer would apply one fixed mask at every step.
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }));
  });
  model.add(
    tf.layers.dense({
      units: options.outputs,
      activation: "softmax",
      inputShape: hidden.length === 0 ? [options.inputs] : undefined,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }),
      kernelRegularizer: regularizer,
    })
  );
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}
