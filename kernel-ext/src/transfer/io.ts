import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";

/** The weights file every model folder holds, next to `model.json`. */
export const WEIGHTS_FILE = "weights.bin";

/** Options for {@link loadModel}. */
export interface LoadModelOptions {
  /** Expected sha256 (hex) of `weights.bin`; loading fails when the file differs. Default: the hash recorded in model.json, if any. */
  sha256?: string;
}

/** Options for {@link saveModel}. */
export interface SaveModelOptions {
  /** Extra JSON stored under `trainlab` in model.json (a model card, a data version). */
  metadata?: Record<string, unknown>;
}

/**
 * Loads a TF.js layers model from a local folder (`model.json` + `weights.bin`) without tfjs-node,
 * checking the weights' sha256.
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileHandler(dir, options));
}

/**
 * Saves a layers model to a local folder as `model.json` + one `weights.bin`, recording the weights'
 * sha256 in model.json so a later {@link loadModel} detects a corrupted or swapped file.
 * Returns that sha256.
 */
export async function saveModel(model: tf.LayersModel, dir: string, options: SaveModelOptions = {}): Promise<string> {
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
        trainlab: { ...(options.metadata ?? {}), weightsSha256: hash },
      };
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, WEIGHTS_FILE), weights);
      fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return hash;
}

/** Reads the `trainlab` metadata block of a saved model's model.json (empty object when absent). */
export function readModelMetadata(dir: string): Record<string, unknown> {
  const json = readModelJson(dir);
  return (json.trainlab as Record<string, unknown>) ?? {};
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
      const json = readModelJson(root);
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
      const meta = (json.trainlab as { weightsSha256?: string } | undefined) ?? {};
      const expected = options.sha256 ?? meta.weightsSha256;
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

function readModelJson(dir: string): Record<string, unknown> {
  const file = path.join(_toPath(dir), "model.json");
  if (!fs.existsSync(file)) throw new TrainlabError(`No model.json in ${dir}: pass the folder a model was saved to (it holds model.json and ${WEIGHTS_FILE}).`);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new TrainlabError(`${file} is not valid JSON (${(e as Error).message}); restore the file or save the model again.`);
  }
}

function _toPath(dir: string): string {
  return dir.startsWith("file://") ? new URL(dir).pathname : dir;
}
