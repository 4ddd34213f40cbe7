/** earlyStopping: stop when a metric stops improving, and really put the best weights back. */
import type { Callback, Logs, MonitorMode, TrainContext } from "./types";
import { resolveMode } from "./types";
import { WeightSnapshot } from "./weights";

export interface EarlyStoppingArgs {
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

/**
 * Stops training once `monitor` has not improved by more than `minDelta` for `patience`
 * epochs, then (by default) restores the weights of the best epoch — whatever ended training.
 */
export function earlyStopping(args: EarlyStoppingArgs = {}): Callback & { bestEpoch(): number; bestValue(): number } {
  const { patience = 5, minDelta = 0, restoreBestWeights = true } = args;
  let monitor = args.monitor ?? "val_loss";
  let mode: "min" | "max" = "min";
  let best = Infinity;
  let wait = 0;
  const snapshot = new WeightSnapshot();
  const better = (v: number) => (mode === "min" ? v < best - minDelta : v > best + minDelta);
  return {
    name: "earlyStopping",
    bestEpoch: () => snapshot.epoch,
    bestValue: () => best,
    onTrainBegin() {
      mode = resolveMode(monitor, args.mode ?? "auto");
      best = mode === "min" ? Infinity : -Infinity;
      wait = 0;
      snapshot.dispose();
      snapshot.epoch = -1;
    },
    onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext) {
      if (!(monitor in logs) && args.monitor == null && monitor === "val_loss" && "loss" in logs) monitor = "loss";
      const value = logs[monitor];
      if (value === undefined) return;
      if (Number.isFinite(value) && better(value)) {
        best = value;
        wait = 0;
        if (restoreBestWeights) snapshot.replace(ctx.model, epoch);
        else snapshot.epoch = epoch;
        return;
      }
      wait++;
      if (wait >= patience) {
        ctx.stop(`early stopping: ${monitor} did not improve for ${patience} epoch${patience === 1 ? "" : "s"} ` +
          `(best ${best.toPrecision(4)} at epoch ${snapshot.epoch + 1})`);
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
}
