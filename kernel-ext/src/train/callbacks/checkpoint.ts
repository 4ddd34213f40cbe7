/** checkpoint: save the best model so far to a directory (model.json + weights.bin). */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../../errors";
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
 * Writes the model (topology + weights, TensorFlow.js layers format) to `dir` whenever
 * `monitor` improves. Load it back with `loadCheckpoint(dir)`. Works without tfjs-node.
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
      await saveModel(ctx.model, args.dir, { epoch, [monitor]: v });
      saved.push(epoch);
    },
  };
}

/** Saves a layers model into `dir` as model.json + weights.bin (the tfjs "file://" layout). */
export async function saveModel(model: tf.LayersModel, dir: string, meta: Record<string, number> = {}): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    fs.mkdirSync(dir, { recursive: true });
    const weights = Buffer.from(artifacts.weightData as ArrayBuffer);
    const json = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths: ["./weights.bin"], weights: artifacts.weightSpecs }],
      userDefinedMetadata: { trainlab: meta },
    };
    // Write to temporary names, then rename: a crash mid-save never leaves a torn checkpoint.
    fs.writeFileSync(path.join(dir, "weights.bin.tmp"), weights);
    fs.writeFileSync(path.join(dir, "model.json.tmp"), JSON.stringify(json));
    fs.renameSync(path.join(dir, "weights.bin.tmp"), path.join(dir, "weights.bin"));
    fs.renameSync(path.join(dir, "model.json.tmp"), path.join(dir, "model.json"));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weights.length } };
  }));
}

/** Loads a model saved by checkpoint()/saveModel() from `dir`. */
export async function loadCheckpoint(dir: string): Promise<tf.LayersModel> {
  const file = path.join(dir, "model.json");
  if (!fs.existsSync(file)) {
    throw new TrainlabError(`No checkpoint in ${dir} (model.json missing): did training save one? Check the dir given to checkpoint().`);
  }
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  const data = fs.readFileSync(path.join(dir, "weights.bin"));
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData,
  }));
}
