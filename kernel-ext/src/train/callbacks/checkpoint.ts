/** checkpoint: save the best model so far to a directory, in Trainlab's one model format (core/modelIo). */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../../errors";
import { loadModel, saveModel } from "../../core/modelIo";
import type { Callback, Logs, MonitorMode, TrainContext } from "./types";
import { resolveMode } from "./types";

export interface CheckpointOptions {
  /** Directory to write model.json and weights.bin into (created if missing). */
  dir: string;
  /** Metric deciding "best". Default "val_loss" (falls back to "loss"). */
  monitor?: string;
  /** Default "auto" (accuracy-like names are maximised). */
  mode?: MonitorMode;
  /** Save after every epoch instead of only on improvement. Default false. */
  everyEpoch?: boolean;
}

/**
 * Writes the model (model.json + weights.bin + metadata.json with the epoch and metric) to `dir`
 * whenever `monitor` improves. Load it back with `loadCheckpoint(dir)`. Works without tfjs-node.
 */
export function checkpoint(args: CheckpointOptions): Callback & { saved: number[] } {
  if (!args?.dir) throw new TrainlabError("checkpoint(): give a directory, e.g. checkpoint({ dir: \"checkpoints/run1\" }).");
  let monitor = args.monitor ?? "val_loss";
  let mode: "min" | "max" = "min";
  let best = Infinity;
  const saved: number[] = [];
  return {
    name: "checkpoint",
    saved,
    onTrainBegin() {
      mode = resolveMode(monitor, args.mode ?? "auto");
      best = mode === "min" ? Infinity : -Infinity;
      saved.length = 0;
    },
    async onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext) {
      if (!(monitor in logs) && args.monitor == null && "loss" in logs) monitor = "loss";
      const v = logs[monitor];
      const improved = Number.isFinite(v) && (mode === "min" ? v < best : v > best);
      if (!improved && !args.everyEpoch) return;
      if (improved) best = v;
      await saveModel(ctx.model, args.dir, { metadata: { checkpoint: { epoch, monitor, value: v } } });
      saved.push(epoch);
    },
  };
}

/** Loads a model saved by checkpoint() (or saveModel()) from `dir`, checking its weights' sha256. */
export async function loadCheckpoint(dir: string): Promise<tf.LayersModel> {
  if (!fs.existsSync(path.join(dir, "model.json"))) {
    throw new TrainlabError(`No checkpoint in ${dir} (model.json missing): did training save one? Check the dir given to checkpoint().`);
  }
  return loadModel(dir);
}
