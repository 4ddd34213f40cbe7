/** The callback protocol of Trainlab's fit: small objects made by factories (earlyStopping(…)). */
import type * as tf from "@tensorflow/tfjs";

/** Metric values of one batch or epoch, by name: loss, acc, val_loss, val_acc, … */
export type Logs = Record<string, number>;

/** What fit returns: plain data, one entry per finished epoch. */
export interface History {
  /** Epoch numbers (0-based) that finished. */
  epoch: number[];
  /** Each metric's value per epoch: history.loss, history.val_loss, history.acc, … */
  history: Record<string, number[]>;
  /** Learning rate used in each epoch (at its end), when the optimizer exposes it. */
  lr: number[];
  /** Milliseconds each epoch took. */
  epochMs: number[];
  /** Why training stopped before the last epoch (early stopping, NaN loss, …). */
  stopReason?: string;
  /** True when Kernel → Interrupt stopped training: the model keeps the weights of the batches that ran. */
  interrupted?: boolean;
  /** The epoch whose weights the model holds after fit, when a callback restored best weights. */
  restoredEpoch?: number;
  /** The backend that trained (tf.getBackend()). */
  backend: string;
  /** The seed, when the run was seeded. */
  seed?: number;
}

/** What every callback sees: the model, the plan, the history so far, and a way to stop. */
export interface TrainContext {
  model: tf.LayersModel;
  /** Epochs planned. */
  epochs: number;
  /** Batches in one epoch. */
  batchesPerEpoch: number;
  /** The history so far (same object fit returns). */
  history: History;
  /** Stops training after the current batch; `reason` ends up in history.stopReason. */
  stop(reason: string): void;
  /** The optimizer's learning rate (undefined if it does not expose one). */
  getLearningRate(): number | undefined;
  /** Sets the optimizer's learning rate from now on. */
  setLearningRate(lr: number): void;
}

/** A training callback; every method is optional and may be async. */
export interface Callback {
  /** Shown in messages. */
  name: string;
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  onBatchBegin?(batch: number, ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, ctx: TrainContext): void | Promise<void>;
  /** Runs after the last epoch, after a stop, and after a NaN. */
  onTrainEnd?(ctx: TrainContext): void | Promise<void>;
}

/** Whether larger or smaller values of a monitored metric are better. */
export type MonitorMode = "min" | "max" | "auto";

/** "auto": accuracy-like names (acc, accuracy, auc, precision, recall, f1) are maximised. */
export function resolveMode(monitor: string, mode: MonitorMode): "min" | "max" {
  if (mode !== "auto") return mode;
  return /(^|_)(acc|accuracy|auc|precision|recall|f1)$/.test(monitor) ? "max" : "min";
}
