import { inspect } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { loadModel, readModelMetadata, saveModel } from "../core/modelIo";

/** What a model expects and returns, how good it was, and what it learned from: saved next to the weights. */
export interface ModelCard {
  /** Model name (the NAME in /v1/models/NAME). Letters, digits, "-", "_" and "." only. */
  name: string;
  /** Version number served in the REST API. Default 1. */
  version?: number;
  description?: string;
  /** One entry per model input: shape without the batch dimension, dtype, optional value range. */
  inputs: { name: string; shape: number[]; dtype: string; range?: [number, number] }[];
  /** One entry per model output, with class labels when it is a classifier. */
  outputs: { name: string; shape: number[]; labels?: string[] }[];
  /** Evaluation results, e.g. { testAccuracy: 0.91 }. */
  metrics: Record<string, number>;
  /** Where the training data came from and which version of it. */
  data: { source: string; version: string; [key: string]: unknown };
  /** Filled by {@link saveWithCard}. */
  createdAt?: string;
  /** Filled by {@link saveWithCard}: sha256 of weights.bin. */
  weightsSha256?: string;
  [key: string]: unknown;
}

/** A card filled from the model itself (inputs/outputs); you add name, metrics and data. */
export function describeModel(model: tf.LayersModel, card: Pick<ModelCard, "name" | "metrics" | "data"> & Partial<ModelCard>): ModelCard {
  return {
    inputs: model.inputs.map((t) => ({ name: t.name.replace(/:\d+$/, ""), shape: t.shape.slice(1) as number[], dtype: t.dtype })),
    outputs: model.outputs.map((t) => ({ name: t.name.replace(/\/.*$/, ""), shape: t.shape.slice(1) as number[] })),
    ...card,
  };
}

/** Saves a model with its card in Trainlab's one model format: `dir/model.json`, `dir/weights.bin`, and the card under `card` in `dir/metadata.json`. Returns the completed card. */
export async function saveWithCard(model: tf.LayersModel, dir: string, card: ModelCard): Promise<ModelCard> {
  validateCard(card, model);
  const full: ModelCard = { version: 1, ...card, createdAt: new Date().toISOString() };
  full.weightsSha256 = await saveModel(model, dir, { metadata: { card: full } });
  return showsInFull(full);
}

/** Loads a model saved by {@link saveWithCard}, checking the weights against the recorded sha256. */
export async function loadWithCard(dir: string): Promise<{ model: tf.LayersModel; card: ModelCard }> {
  const metadata = readModelMetadata(dir);
  if (metadata.card === undefined) throw new TrainlabError(`No model card in ${dir}/metadata.json: save the model with deploy.saveWithCard(model, dir, card).`);
  const card = { ...(metadata.card as ModelCard) };
  card.weightsSha256 ??= metadata.weightsSha256;
  const model = await loadModel(dir, card.weightsSha256 ? { sha256: card.weightsSha256 } : {});
  validateCard(card, model);
  return { model, card: showsInFull(card) };
}

/**
 * Makes a card print whole as a cell's last expression or in console.log: Node's inspect stops
 * at depth 2 and would show `shape: [Array]`. The hook is not enumerable, so JSON and equality
 * checks do not see it.
 */
function showsInFull(card: ModelCard): ModelCard {
  Object.defineProperty(card, inspect.custom, {
    enumerable: false,
    value: (_depth: number, options: object) => inspect({ ...card }, { ...options, depth: Infinity }),
  });
  return card;
}

/** Throws a TrainlabError naming the first thing wrong with a card (or its disagreement with the model). */
export function validateCard(card: ModelCard, model?: tf.LayersModel): void {
  if (typeof card.name !== "string" || !/^[A-Za-z0-9._-]+$/.test(card.name)) {
    throw new TrainlabError(`card.name must be letters, digits, ".", "-" or "_" (it becomes a URL path); got ${JSON.stringify(card.name)}.`);
  }
  if (!Array.isArray(card.inputs) || card.inputs.length === 0) throw new TrainlabError("card.inputs must list the model's inputs ({name, shape, dtype}).");
  if (!Array.isArray(card.outputs) || card.outputs.length === 0) throw new TrainlabError("card.outputs must list the model's outputs ({name, shape}).");
  if (typeof card.metrics !== "object" || card.metrics === null) throw new TrainlabError("card.metrics must be an object of numbers, e.g. { testAccuracy: 0.9 }.");
  if (!card.data || typeof card.data.source !== "string" || typeof card.data.version !== "string") {
    throw new TrainlabError("card.data needs a source and a version (which data, which release or hash), so a model can be traced to its data.");
  }
  if (model) {
    const expected = model.inputs[0].shape.slice(1).join(",");
    if (card.inputs[0].shape.join(",") !== expected) {
      throw new TrainlabError(`card.inputs[0].shape is [${card.inputs[0].shape}] but the model takes [${expected}]; describe the model with deploy.describeModel.`);
    }
  }
}
