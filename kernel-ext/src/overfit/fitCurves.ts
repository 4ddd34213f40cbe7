import * as tf from "@tensorflow/tfjs";
import { plot as showPlot } from "../display";
import { TrainlabError } from "../errors";
import { accuracy } from "../core/metrics";
import { withSeed } from "../train/seed";

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
  /** Extra tfjs callbacks, e.g. overfit.earlyStopping(). */
  callbacks?: tf.CustomCallback[];
  /** Called after each epoch with the history so far, e.g. to update a live plot. */
  onEpoch?: (history: TrainingHistory) => void;
}

/** Per-epoch training and validation loss and accuracy. */
export interface TrainingHistory {
  epoch: number[];
  loss: number[];
  valLoss: number[];
  accuracy: number[];
  valAccuracy: number[];
  /** Plotly traces of one metric for training and validation against the epoch. */
  traces(metric?: "loss" | "accuracy", label?: string): Record<string, unknown>[];
  /** Shows training and validation curves of one metric (lab.plot). Default "loss". */
  plot(metric?: "loss" | "accuracy", layout?: Record<string, unknown>): void;
}

/**
 * Trains a compiled classifier (e.g. overfit.mlp) and records training and validation loss
 * and accuracy after every epoch: the curves that tell underfitting from overfitting.
 * Labels are class indexes; they are one-hot encoded here.
 */
export async function fitCurves(model: tf.LayersModel, X: number[][], y: number[], options: FitCurvesOptions): Promise<TrainingHistory> {
  const [Xv, yv] = options.validation;
  if (X.length !== y.length || Xv.length !== yv.length) {
    throw new TrainlabError(`fitCurves: rows and labels differ (train ${X.length}/${y.length}, validation ${Xv.length}/${yv.length}).`);
  }
  const k = (model.outputs[0].shape[1] as number) ?? Math.max(...y) + 1;
  const history: TrainingHistory = {
    epoch: [],
    loss: [],
    valLoss: [],
    accuracy: [],
    valAccuracy: [],
    traces: (metric = "loss", label = "") => {
      const train = metric === "loss" ? history.loss : history.accuracy;
      const val = metric === "loss" ? history.valLoss : history.valAccuracy;
      const prefix = label ? `${label} ` : "";
      return [
        { x: history.epoch, y: train, name: `${prefix}training ${metric}`, mode: "lines" },
        { x: history.epoch, y: val, name: `${prefix}validation ${metric}`, mode: "lines", line: { dash: "dot" } },
      ];
    },
    plot: (metric = "loss", layout = {}) =>
      showPlot(history.traces(metric), { title: `${metric} per epoch`, xaxis: { title: "epoch" }, yaxis: { title: metric }, ...layout }),
  };
  const xs = tf.tensor2d(X);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(y, "int32"), k));
  const xv = tf.tensor2d(Xv);
  const yvs = tf.tidy(() => tf.oneHot(tf.tensor1d(yv, "int32"), k));
  const recorder = new tf.CustomCallback({
    onEpochEnd: async (epoch, logs) => {
      history.epoch.push(epoch + 1);
      history.loss.push(logs?.loss ?? NaN);
      history.valLoss.push(logs?.val_loss ?? NaN);
      history.accuracy.push(logs?.acc ?? logs?.accuracy ?? NaN);
      history.valAccuracy.push(logs?.val_acc ?? logs?.val_accuracy ?? NaN);
      options.onEpoch?.(history);
    },
  });
  try {
    await withSeed(options.seed ?? 0, () => model.fit(xs, ys, {
      epochs: options.epochs ?? 50,
      batchSize: options.batchSize ?? 32,
      shuffle: options.shuffle ?? false,
      validationData: [xv, yvs],
      verbose: 0,
      callbacks: [recorder, ...(options.callbacks ?? [])],
    }));
  } finally {
    tf.dispose([xs, ys, xv, yvs]);
  }
  return history;
}

/** Accuracy of a compiled classifier on rows and class-index labels. */
export function evaluateAccuracy(model: tf.LayersModel, X: number[][], y: number[]): number {
  const pred = tf.tidy(() => (model.predict(tf.tensor2d(X)) as tf.Tensor).argMax(-1).arraySync() as number[]);
  return accuracy(y, pred);
}
