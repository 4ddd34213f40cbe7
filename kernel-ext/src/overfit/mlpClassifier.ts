import { estimator, EstimatorOptions, LayersModelEstimator } from "../train/estimator";
import { mlp, MlpOptions } from "./mlp";

/** Options of {@link mlpClassifier}: the network ({@link MlpOptions}) and how fit trains it. */
export interface MlpClassifierOptions extends Partial<MlpOptions>, Omit<EstimatorOptions, "task" | "seed"> {}

/**
 * overfit.mlp as an estimator (scikit-learn's MLPClassifier): `fit(X, y)` builds a fresh network
 * sized from the data (inputs = columns of X, outputs = largest label + 1, unless given) and
 * trains it through lab.train.fit; the result has `predict` and `predictProba`. `seed` seeds both
 * the initial weights and the run. Default 20 epochs, batch 32.
 *
 * @example await lab.overfit.crossValidate(lab.overfit.mlpClassifier({ hidden: [16], epochs: 50 }), X, y)
 */
export function mlpClassifier(options: MlpClassifierOptions = {}): LayersModelEstimator {
  const { inputs, outputs, hidden, l2, dropout, learningRate, seed, ...fitOptions } = options;
  return estimator(
    (X, y) => mlp({ inputs: inputs ?? X[0]?.length ?? 0, outputs: outputs ?? Math.max(1, ...y) + 1, hidden, l2, dropout, learningRate, seed }),
    { epochs: 20, batchSize: 32, seed: seed ?? 0, ...fitOptions, task: "classifier" },
  );
}
