/** earlyStopping: stop when a metric stops improving, and really put the best weights back. */
import { TrainlabError } from "../../errors";
import type { Callback, Logs, MonitorMode, TrainContext } from "./types";
import { resolveMode } from "./types";
import { WeightSnapshot } from "./weights";

export interface EarlyStoppingOptions {
  /** Metric to watch. Default "val_loss" (falls back to "loss" without validation data). */
  monitor?: string;
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** Smallest change that counts as an improvement (absolute). Default 0. */
  minDelta?: number;
  /** "min", "max", or "auto" (accuracy-like names are maximised). Default "auto". */
  mode?: MonitorMode;
  /** Put the weights of the best epoch back when training ends. Default true. */
  restoreBestWeights?: boolean;
}

/** What {@link earlyStopping} returns: a fit callback that also tells, after fit, what happened. */
export interface EarlyStoppingCallback extends Callback {
  /** Epoch (0-based) with the best monitored value; -1 before any. */
  readonly bestEpoch: number;
  /** Epoch (0-based) at which it stopped training; -1 when it did not stop it. */
  readonly stoppedEpoch: number;
  /** The best monitored value. */
  readonly bestValue: number;
}

/**
 * The early-stopping rule on its own, with Keras' EarlyStopping semantics: an epoch improves when
 * its value beats the best by more than `minDelta`; training stops at the first epoch (after the
 * first) where `patience` epochs in a row have not improved. A NaN or infinite value never improves.
 */
export class EarlyStopper {
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: "min" | "max";
  best: number;
  bestEpoch = -1;
  wait = 0;
  /** Epoch at which training stopped; -1 while it goes on. */
  stoppedEpoch = -1;

  constructor(options: Pick<EarlyStoppingOptions, "patience" | "minDelta"> & { mode?: "min" | "max" } = {}) {
    this.patience = options.patience ?? 5;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.mode = options.mode ?? "min";
    this.best = this.mode === "min" ? Infinity : -Infinity;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new TrainlabError(`earlyStopping: patience must be a whole number of epochs (got ${options.patience}).`);
    }
  }

  /** Feed one epoch's value; returns "improved", "wait" or "stop". */
  update(epoch: number, value: number): "improved" | "wait" | "stop" {
    this.wait++;
    const improved = Number.isFinite(value) &&
      (this.mode === "min" ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (improved) {
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
 * Stops training once `monitor` has not improved by more than `minDelta` for `patience`
 * epochs, then (by default) restores the weights of the best epoch — whatever ended training.
 * After fit, read `bestEpoch`, `stoppedEpoch` and `bestValue` (also in the history:
 * `stopReason`, `restoredEpoch`).
 */
export function earlyStopping(args: EarlyStoppingOptions = {}): EarlyStoppingCallback {
  const restoreBestWeights = args.restoreBestWeights ?? true;
  let monitor = args.monitor ?? "val_loss";
  const rule = (watched: string) => new EarlyStopper({ patience: args.patience, minDelta: args.minDelta, mode: resolveMode(watched, args.mode ?? "auto") });
  let stopper = rule(monitor); // checks patience now, where the learner wrote it
  const snapshot = new WeightSnapshot();
  const callback: Callback = {
    name: "earlyStopping",
    onTrainBegin() {
      monitor = args.monitor ?? "val_loss";
      stopper = rule(monitor);
      snapshot.dispose();
      snapshot.epoch = -1;
    },
    onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext) {
      if (!(monitor in logs) && args.monitor == null && monitor === "val_loss" && "loss" in logs) {
        monitor = "loss";
        stopper = rule(monitor);
      }
      const value = logs[monitor];
      if (value === undefined) {
        throw new TrainlabError(`earlyStopping: no "${monitor}" in the epoch logs; pass validationData to fit, or set monitor to one of: ${Object.keys(logs).join(", ")}.`);
      }
      const verdict = stopper.update(epoch, value);
      if (verdict === "improved" && restoreBestWeights) snapshot.replace(ctx.model, epoch);
      if (verdict === "stop") {
        ctx.stop(`early stopping: ${monitor} did not improve for ${args.patience ?? 5} epoch${(args.patience ?? 5) === 1 ? "" : "s"} ` +
          `(best ${stopper.best.toPrecision(4)} at epoch ${stopper.bestEpoch + 1})`);
      }
    },
    onTrainEnd(ctx: TrainContext) {
      if (restoreBestWeights && !snapshot.empty) {
        snapshot.restore(ctx.model);
        ctx.history.restoredEpoch = snapshot.epoch;
      }
      snapshot.dispose();
    },
  };
  // defineProperties, not Object.assign: assign would copy the getters' values once.
  return Object.defineProperties(callback, {
    bestEpoch: { get: () => stopper.bestEpoch, enumerable: true },
    stoppedEpoch: { get: () => stopper.stoppedEpoch, enumerable: true },
    bestValue: { get: () => stopper.best, enumerable: true },
  }) as EarlyStoppingCallback;
}
