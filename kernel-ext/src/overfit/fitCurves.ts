import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { accuracy } from "../core/metrics";
import { fit } from "../train/fit";
import type { Callback, History } from "../train/callbacks/types";
import type { DisplayMode } from "../train/report";

/** Options of {@link fitCurves}. */
export interface FitCurvesOptions {
  /** Held-out rows and labels scored after every epoch. */
  validation: [number[][], number[]];
  /** Default 50. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Shuffle rows each epoch. Default false. */
  shuffle?: boolean;
  /**
   * Seed of everything random during training (dropout masks, shuffling): the same seed gives
   * the same curves on the same backend, and dropout still draws a new mask at every step.
   * Default 0.
   */
  seed?: number;
  /** Training callbacks, e.g. lab.train.earlyStopping() (the same as lab.overfit.earlyStopping()). */
  callbacks?: Callback[];
  /** Called after each epoch with the history so far, e.g. to update a live plot. */
  onEpoch?: (history: History) => void;
  /** Progress display, as in lab.train.fit. Default "auto" (live curves in a notebook). */
  display?: DisplayMode;
}

/**
 * Trains a compiled classifier (e.g. overfit.mlp) through lab.train.fit and returns its history:
 * training and validation loss and accuracy after every epoch (`history.history.loss`,
 * `.val_loss`, `.acc`, `.val_acc`) — the curves that tell underfitting from overfitting.
 * Labels are class indexes; they are one-hot encoded here.
 */
export async function fitCurves(model: tf.LayersModel, X: number[][], y: number[], options: FitCurvesOptions): Promise<History> {
  const [Xv, yv] = options.validation ?? [];
  if (!Xv || !yv) throw new TrainlabError("fitCurves: pass the held-out rows and labels as { validation: [Xval, yval] }.");
  if (X.length !== y.length || Xv.length !== yv.length) {
    throw new TrainlabError(`fitCurves: rows and labels differ (train ${X.length}/${y.length}, validation ${Xv.length}/${yv.length}).`);
  }
  const k = (model.outputs[0].shape[1] as number) ?? Math.max(...y) + 1;
  const xs = tf.tensor2d(X);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(y, "int32"), k));
  const xv = tf.tensor2d(Xv);
  const yvs = tf.tidy(() => tf.oneHot(tf.tensor1d(yv, "int32"), k));
  const onEpoch = options.onEpoch;
  const report: Callback[] = onEpoch ? [{ name: "onEpoch", onEpochEnd: (_e, _l, ctx) => onEpoch(ctx.history) }] : [];
  try {
    return await fit(model, xs, ys, {
      epochs: options.epochs ?? 50,
      batchSize: options.batchSize ?? 32,
      shuffle: options.shuffle ?? false,
      seed: options.seed ?? 0,
      validationData: [xv, yvs],
      callbacks: [...(options.callbacks ?? []), ...report],
      display: options.display,
    });
  } finally {
    tf.dispose([xs, ys, xv, yvs]);
  }
}

/** Accuracy of a compiled classifier on rows and class-index labels. */
export function evaluateAccuracy(model: tf.LayersModel, X: number[][], y: number[]): number {
  const pred = tf.tidy(() => (model.predict(tf.tensor2d(X)) as tf.Tensor).argMax(-1).arraySync() as number[]);
  return accuracy(y, pred);
}
