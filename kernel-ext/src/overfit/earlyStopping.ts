import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";

/** Options of {@link earlyStopping} and {@link EarlyStopper}. */
export interface EarlyStoppingOptions {
  /** Metric watched, lower is better. Default "val_loss". */
  monitor?: string;
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** A change smaller than this does not count as an improvement. Default 0. */
  minDelta?: number;
  /** When stopping, put back the weights of the best epoch. Default true. */
  restoreBestWeights?: boolean;
}

/**
 * The early-stopping rule on its own, with Keras' EarlyStopping semantics: an epoch improves
 * when its value is below best - minDelta; training stops at the first epoch (after the first)
 * where `patience` epochs in a row have not improved.
 */
export class EarlyStopper {
  readonly patience: number;
  readonly minDelta: number;
  best = Infinity;
  bestEpoch = -1;
  wait = 0;
  /** Epoch at which training stopped; -1 while it goes on. */
  stoppedEpoch = -1;

  constructor(options: EarlyStoppingOptions = {}) {
    this.patience = options.patience ?? 5;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new TrainlabError(`earlyStopping: patience must be a whole number of epochs (got ${options.patience}).`);
    }
  }

  /** Feed one epoch's value; returns "improved", "wait" or "stop". */
  update(epoch: number, value: number): "improved" | "wait" | "stop" {
    this.wait++;
    if (value < this.best - this.minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      return "improved";
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      return "stop";
    }
    return "wait";
  }
}

/**
 * A TensorFlow.js callback that stops `model.fit` when the validation loss stops improving and
 * (by default) restores the best epoch's weights. Read `stoppedEpoch` and `bestEpoch` after fit.
 *
 * @example const stop = lab.overfit.earlyStopping({ patience: 5 }); await model.fit(x, y, { validationData, callbacks: [stop] });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}) {
  const monitor = options.monitor ?? "val_loss";
  const restore = options.restoreBestWeights ?? true;
  const stopper = new EarlyStopper(options);
  let bestWeights: tf.Tensor[] | null = null;
  let model: tf.LayersModel | null = null;
  const dropBest = () => {
    bestWeights?.forEach((t) => t.dispose());
    bestWeights = null;
  };
  const callback = new tf.CustomCallback({
    onEpochEnd: async (epoch, logs) => {
      const value = logs?.[monitor];
      if (value === undefined) {
        throw new TrainlabError(`earlyStopping: no "${monitor}" in the epoch logs; pass validationData to fit, or set monitor to one of: ${Object.keys(logs ?? {}).join(", ")}.`);
      }
      const verdict = stopper.update(epoch, value);
      if (!model) return;
      if (verdict === "improved" && restore) {
        dropBest();
        bestWeights = model.getWeights().map((w) => w.clone());
      }
      if (verdict === "stop") {
        model.stopTraining = true;
        if (restore && bestWeights) model.setWeights(bestWeights);
        dropBest();
      }
    },
    onTrainEnd: async () => dropBest(),
  });
  const setModel = callback.setModel.bind(callback);
  callback.setModel = (m: Parameters<typeof setModel>[0]) => {
    model = m as unknown as tf.LayersModel;
    setModel(m);
  };
  // defineProperties, not Object.assign: assign would copy the getters' values once.
  return Object.defineProperties(callback, {
    stoppedEpoch: { get: () => stopper.stoppedEpoch, enumerable: true },
    bestEpoch: { get: () => stopper.bestEpoch, enumerable: true },
  }) as tf.CustomCallback & { readonly stoppedEpoch: number; readonly bestEpoch: number };
}
