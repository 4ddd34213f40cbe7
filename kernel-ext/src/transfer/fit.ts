import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { freeze, unfreeze } from "./surgery";
import { accuracy as coreAccuracy } from "../core/metrics";
import { fit } from "../train/fit";
import { layerRates } from "../train/layerRates";
import type { Callback, History } from "../train/callbacks/types";
import type { DisplayMode } from "../train/report";

/** Class labels: integers 0..k-1, as an array or a 1-D tensor. */
export type Labels = ArrayLike<number> | tf.Tensor;

/** Options shared by the fitting helpers. */
export interface FitOptions {
  /** Passes over the data. Default 10. */
  epochs?: number;
  /** Examples per gradient step. Default 32. */
  batchSize?: number;
  /** Adam's learning rate. Default 0.001. */
  learningRate?: number;
  /** Seed of the run (shuffle and dropout masks), so it can be repeated exactly. Default 0. */
  seed?: number;
  /** Called after each epoch with its mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
  /** More lab.train callbacks (earlyStopping(), checkpoint(), …). */
  callbacks?: Callback[];
  /** Progress display, as in lab.train.fit. Default "none". */
  display?: DisplayMode;
}

/** What a fitting helper returns: lab.train.fit's history (`history.history.loss`: mean training loss per epoch). */
export type FitHistory = History;

/**
 * Trains a softmax classifier with Adam and sparse cross-entropy, in seeded shuffled mini-batches,
 * through lab.train.fit. Layers marked not trainable ({@link freeze}) are left as they are.
 * Compiles the model (its optimizer and loss are replaced).
 */
export async function fitClassifier(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: FitOptions = {}): Promise<FitHistory> {
  return fitDiscriminative(model, x, y, { ...options, learningRates: {} });
}

/** Options for {@link fitDiscriminative}. */
export interface DiscriminativeOptions extends FitOptions {
  /** Learning rate per layer name; layers not listed use `learningRate`. A rate of 0 freezes that layer for this fit. */
  learningRates: Record<string, number>;
}

/**
 * Fits with a different learning rate per layer ("discriminative learning rates"): small for the
 * pretrained layers, whose features are already good, larger for the new head — lab.train.fit
 * with a {@link layerRates} optimizer.
 */
export async function fitDiscriminative(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: DiscriminativeOptions): Promise<FitHistory> {
  const optimizer = layerRates(model, { learningRate: options.learningRate ?? 0.001, learningRates: options.learningRates });
  const labels = _labels(y);
  try {
    if (labels.shape[0] !== x.shape[0]) {
      throw new TrainlabError(`x has ${x.shape[0]} examples but y has ${labels.shape[0]} labels; pass one label per example.`);
    }
    model.compile({ optimizer, loss: "sparseCategoricalCrossentropy" });
    const onEpoch = options.onEpoch;
    const report: Callback[] = onEpoch ? [{ name: "onEpoch", onEpochEnd: (epoch, logs) => onEpoch(epoch, logs.loss) }] : [];
    // Seeding the run (not the layers) gives dropout a new mask at every step and still repeats exactly.
    return await fit(model, x, labels, {
      epochs: options.epochs ?? 10,
      batchSize: options.batchSize ?? 32,
      seed: options.seed ?? 0,
      shuffle: true,
      callbacks: [...(options.callbacks ?? []), ...report],
      display: options.display ?? "none",
    });
  } finally {
    labels.dispose();
    optimizer.dispose(); // Adam's moments; the optimizer still works (fresh moments) if fit is called again
  }
}

/** Options for {@link fineTuneTwoPhase}. */
export interface TwoPhaseOptions {
  /** The last layer of the pretrained part (everything up to it is frozen in phase 1). */
  baseUpTo: string;
  /** Phase 1, head only. Default { epochs: 10, learningRate: 0.003 }. */
  phase1?: FitOptions;
  /** Phase 2, layers from `unfreezeFrom` on, with a small rate. Default { epochs: 5, learningRate: 0.0003 }. */
  phase2?: FitOptions;
  /** First layer to unfreeze in phase 2. Default: the first layer (everything trains). */
  unfreezeFrom?: string;
}

/**
 * The classic two-phase fine-tune: (1) freeze the pretrained layers and train only the new head, so
 * its random weights do not send large gradients into good features; (2) unfreeze (some of) the base
 * and train everything with a learning rate about ten times smaller.
 */
export async function fineTuneTwoPhase(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: TwoPhaseOptions): Promise<{ phase1: FitHistory; phase2: FitHistory }> {
  freeze(model, { upTo: options.baseUpTo });
  const phase1 = await fitClassifier(model, x, y, { epochs: 10, learningRate: 0.003, ...options.phase1 });
  if (options.unfreezeFrom) unfreeze(model, { from: options.unfreezeFrom });
  else unfreeze(model);
  const phase2 = await fitClassifier(model, x, y, { epochs: 5, learningRate: 0.0003, ...options.phase2 });
  return { phase1, phase2 };
}

/** Share of examples whose most probable class is the label (the core's accuracy on the argmax). */
export function accuracy(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: { batchSize?: number } = {}): number {
  const labels = y instanceof tf.Tensor ? Array.from(y.dataSync()) : Array.from(y);
  const predicted = tf.tidy(() => Array.from(tf.argMax(model.predict(x, { batchSize: options.batchSize ?? 256 }) as tf.Tensor, -1).dataSync()));
  return coreAccuracy(labels, predicted);
}

function _labels(y: Labels): tf.Tensor1D {
  if (y instanceof tf.Tensor) return tf.tidy(() => tf.cast(tf.reshape(y, [-1]), "float32")) as tf.Tensor1D;
  return tf.tensor1d(Array.from(y), "float32");
}
