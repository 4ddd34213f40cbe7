/**
 * The one way Trainlab saves and loads a model, used by training checkpoints, transfer learning
 * and deployment: a folder with `model.json` + `weights.bin` (the TensorFlow.js layers format,
 * loadable by `tf.loadLayersModel` anywhere) plus ONE metadata file, `metadata.json`
 * (`{ format, savedAt, weightsSha256, …your metadata }`). Works without tfjs-node.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";

/** The weights file every model folder holds, next to `model.json`. */
export const WEIGHTS_FILE = "weights.bin";
/** The one metadata file every model folder holds, next to `model.json`. */
export const METADATA_FILE = "metadata.json";
/** The `format` written into metadata.json: bump it when the layout changes. */
export const MODEL_FORMAT = "trainlab-model/1";

/** What metadata.json holds: Trainlab's fields plus whatever the saver added (a model card, a checkpoint's epoch). */
export interface ModelMetadata {
  /** Layout version, {@link MODEL_FORMAT}. */
  format?: string;
  /** ISO time of the save. */
  savedAt?: string;
  /** sha256 (lower-case hex) of weights.bin; loading refuses other weights. */
  weightsSha256?: string;
  [key: string]: unknown;
}

/** Options for {@link saveModel}. */
export interface SaveModelOptions {
  /** Extra JSON stored in metadata.json (a model card under `card`, a checkpoint's epoch under `checkpoint`). */
  metadata?: Record<string, unknown>;
}

/** Options for {@link loadModel}. */
export interface LoadModelOptions {
  /** Expected sha256 (hex) of `weights.bin`; loading fails when the file differs. Default: the hash in metadata.json, if any. */
  sha256?: string;
}

/**
 * Saves a layers model to `dir` as model.json + weights.bin + metadata.json, recording the weights'
 * sha256 so {@link loadModel} detects a corrupted or swapped file. Files are written under temporary
 * names and renamed, so a crash mid-save never leaves a torn folder. Returns that sha256.
 */
export async function saveModel(model: tf.LayersModel, dir: string, options: SaveModelOptions = {}): Promise<string> {
  if (!(model instanceof tf.LayersModel)) throw new TrainlabError("saveModel(): the first argument must be a tf.LayersModel (tf.sequential() or tf.model()).");
  if (typeof dir !== "string" || dir === "") throw new TrainlabError("saveModel(): give a folder to save into, e.g. saveModel(model, \"models/run1\").");
  let hash = "";
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = Buffer.from(
        artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData as ArrayBuffer | ArrayBuffer[]),
      );
      hash = sha256(weights);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      const metadata: ModelMetadata = { format: MODEL_FORMAT, savedAt: new Date().toISOString(), ...(options.metadata ?? {}), weightsSha256: hash };
      const root = _toPath(dir);
      fs.mkdirSync(root, { recursive: true });
      _writeAtomic(path.join(root, WEIGHTS_FILE), weights);
      _writeAtomic(path.join(root, "model.json"), JSON.stringify(json));
      _writeAtomic(path.join(root, METADATA_FILE), JSON.stringify(metadata, null, 2) + "\n");
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return hash;
}

/** Loads a model saved by {@link saveModel} (or any TF.js layers folder) from `dir` or a `file://` URL, checking the weights' sha256. */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileHandler(dir, options));
}

/**
 * Reads a saved model's metadata.json (an empty object when there is none). Folders saved before
 * metadata.json existed are read too: their `trainlab` block in model.json, and card.json as `card`.
 */
export function readModelMetadata(dir: string): ModelMetadata {
  const root = _toPath(dir);
  const file = path.join(root, METADATA_FILE);
  if (fs.existsSync(file)) return _readJson(file) as ModelMetadata;
  const json = _readModelJson(root);
  const legacy = (json.trainlab ?? (json.userDefinedMetadata as Record<string, unknown> | undefined)?.trainlab ?? {}) as ModelMetadata;
  const card = path.join(root, "card.json");
  return fs.existsSync(card) && legacy.card === undefined ? { ...legacy, card: _readJson(card) } : legacy;
}

/** The sha256 (lower-case hex) of a buffer. */
export function sha256(data: Uint8Array): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/** An IOHandler that loads `model.json` and its weight files from a local folder (a `file://` URL works too). */
export function fileHandler(dir: string, options: LoadModelOptions = {}): tf.io.IOHandler {
  return {
    load: async () => {
      const root = _toPath(dir);
      const json = _readModelJson(root);
      const manifest = (json.weightsManifest as tf.io.WeightsManifestConfig | undefined) ?? [];
      const buffers: Buffer[] = [];
      const specs: tf.io.WeightsManifestEntry[] = [];
      for (const group of manifest) {
        for (const p of group.paths) {
          const file = path.join(root, p);
          if (!fs.existsSync(file)) throw new TrainlabError(`The weights file ${file} named in ${root}/model.json is missing; copy the whole model folder.`);
          buffers.push(fs.readFileSync(file));
        }
        specs.push(...group.weights);
      }
      const weights = Buffer.concat(buffers);
      const expected = options.sha256 ?? readModelMetadata(root).weightsSha256;
      if (expected !== undefined) {
        const actual = sha256(weights);
        if (actual !== expected.toLowerCase()) {
          throw new TrainlabError(
            `The weights in ${root} have sha256 ${actual}, expected ${expected}: the file is corrupted or was replaced. Restore it (git checkout) or re-create the model.`,
          );
        }
      }
      return {
        modelTopology: json.modelTopology as object,
        format: json.format as string | undefined,
        generatedBy: json.generatedBy as string | undefined,
        convertedBy: (json.convertedBy as string | null | undefined) ?? undefined,
        weightSpecs: specs,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      };
    },
  };
}

function _readModelJson(root: string): Record<string, unknown> {
  const file = path.join(root, "model.json");
  if (!fs.existsSync(file)) throw new TrainlabError(`No model.json in ${root}: pass the folder a model was saved to (it holds model.json, ${WEIGHTS_FILE} and ${METADATA_FILE}).`);
  return _readJson(file);
}

function _readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new TrainlabError(`${file} is not valid JSON (${(e as Error).message}); restore the file or save the model again.`);
  }
}

function _writeAtomic(file: string, data: string | Buffer): void {
  fs.writeFileSync(`${file}.tmp`, data);
  fs.renameSync(`${file}.tmp`, file);
}

function _toPath(dir: string): string {
  return dir.startsWith("file://") ? new URL(dir).pathname : dir;
}
