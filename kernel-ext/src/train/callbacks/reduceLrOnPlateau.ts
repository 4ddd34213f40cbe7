/** reduceLROnPlateau: divide the learning rate when a metric stalls (PyTorch's semantics). */
import type { Callback, Logs, MonitorMode, TrainContext } from "./types";
import { resolveMode } from "./types";

export interface ReduceLROnPlateauOptions {
  /** Metric to watch. Default "val_loss" (falls back to "loss"). */
  monitor?: string;
  /** New lr = lr · factor. Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** Relative improvement needed: better than best·(1 − threshold) in "min" mode. Default 1e-4. */
  threshold?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Never go below this rate. Default 0. */
  minLR?: number;
  /** Default "auto" (accuracy-like names are maximised). */
  mode?: MonitorMode;
}

/**
 * Multiplies the learning rate by `factor` once `monitor` has not improved for more than
 * `patience` epochs (PyTorch ReduceLROnPlateau, threshold_mode "rel").
 */
export function reduceLROnPlateau(args: ReduceLROnPlateauOptions = {}): Callback & { reductions: number[] } {
  const { factor = 0.1, patience = 10, threshold = 1e-4, cooldown = 0, minLR = 0 } = args;
  let monitor = args.monitor ?? "val_loss";
  let mode: "min" | "max" = "min";
  let best = Infinity;
  let bad = 0;
  let cooling = 0;
  const reductions: number[] = [];
  return {
    name: "reduceLROnPlateau",
    reductions,
    onTrainBegin() {
      mode = resolveMode(monitor, args.mode ?? "auto");
      best = mode === "min" ? Infinity : -Infinity;
      bad = 0; cooling = 0; reductions.length = 0;
    },
    onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext) {
      if (!(monitor in logs) && args.monitor == null && "loss" in logs) monitor = "loss";
      const v = logs[monitor];
      if (v === undefined) return;
      const improved = mode === "min" ? v < best * (1 - threshold) : v > best * (1 + threshold);
      if (improved) { best = v; bad = 0; } else bad++;
      if (cooling > 0) { cooling--; bad = 0; }
      if (bad > patience) {
        const lr = ctx.getLearningRate();
        if (lr !== undefined) {
          const next = Math.max(lr * factor, minLR);
          if (lr - next > 1e-8) { ctx.setLearningRate(next); reductions.push(epoch); }
        }
        cooling = cooldown;
        bad = 0;
      }
    },
  };
}
