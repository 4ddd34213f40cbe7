import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";

/**
 * A new model from `model`'s input to the output of the layer named `layerName` (that layer
 * included). It shares the layers, and so the weights, of `model`: train one and the other changes.
 */
export function cutAt(model: tf.LayersModel, layerName: string): tf.LayersModel {
  const layer = _layer(model, layerName);
  return tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor, name: `${model.name}_to_${layerName}` });
}

/** Options for {@link freeze} and {@link unfreeze}. */
export interface FreezeOptions {
  /** Only these layers (by name). Default: every layer, or those selected by `upTo`/`from`. */
  layers?: string[];
  /** freeze: every layer from the first up to and including this one. */
  upTo?: string;
  /** unfreeze: this layer and every layer after it. */
  from?: string;
}

/**
 * Marks layers as not trainable, so fitting leaves their weights unchanged. Returns the names of the
 * layers frozen. Compile the model (again) afterwards: tfjs reads `trainable` when it compiles.
 */
export function freeze(model: tf.LayersModel, options: FreezeOptions = {}): string[] {
  return _setTrainable(model, false, _select(model, options.layers, options.upTo === undefined ? undefined : [0, _index(model, options.upTo)]));
}

/** Marks layers as trainable again (all, `layers`, or `from` a layer to the end). Returns their names. Recompile afterwards. */
export function unfreeze(model: tf.LayersModel, options: FreezeOptions = {}): string[] {
  return _setTrainable(model, true, _select(model, options.layers, options.from === undefined ? undefined : [_index(model, options.from), model.layers.length - 1]));
}

/** Names of the layers that have weights, each with whether it is trainable and its parameter count. */
export function layerSummary(model: tf.LayersModel): { name: string; trainable: boolean; params: number }[] {
  return model.layers
    .filter((l) => l.weights.length > 0)
    .map((l) => ({ name: l.name, trainable: l.trainable, params: l.countParams() }));
}

/** Options for {@link addHead}. */
export interface AddHeadOptions {
  /** Units of an optional hidden dense layer (ReLU) before the output. Default: none. */
  hidden?: number;
  /** Dropout rate before the output layer, 0 for none. Default 0. */
  dropout?: number;
  /** Seed for the new layers' initialisers (dropout masks come from the fit's seed). Default 7. */
  seed?: number;
  /** Prefix of the new layers' names (names must be unique in a model). Default "new". */
  prefix?: string;
}

/**
 * `base` (often a {@link cutAt} piece of a pretrained model) followed by a new classification head:
 * flatten when needed, an optional hidden layer, then a softmax over `numClasses`. The base's layers
 * are shared, not copied.
 */
export function addHead(base: tf.LayersModel, numClasses: number, options: AddHeadOptions = {}): tf.LayersModel {
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new TrainlabError(`addHead needs numClasses >= 2 (got ${numClasses}).`);
  const seed = options.seed ?? 7;
  const prefix = options.prefix ?? "new";
  let x = base.outputs[0];
  if (x.shape.length > 2) x = tf.layers.flatten({ name: `${prefix}_flatten` }).apply(x) as tf.SymbolicTensor;
  if (options.hidden) {
    x = tf.layers.dense({ name: `${prefix}_hidden`, units: options.hidden, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }).apply(x) as tf.SymbolicTensor;
  }
  // No layer seed: a seeded TF.js dropout layer reuses one mask at every step; fitClassifier seeds the run.
  if (options.dropout) x = tf.layers.dropout({ name: `${prefix}_dropout`, rate: options.dropout }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ name: `${prefix}_head`, units: numClasses, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: base.inputs, outputs: out, name: `${base.name}_${prefix}` });
}

function _layer(model: tf.LayersModel, name: string): tf.layers.Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) throw new TrainlabError(`No layer named "${name}" in model "${model.name}"; its layers are: ${model.layers.map((l) => l.name).join(", ")}.`);
  return layer;
}

function _index(model: tf.LayersModel, name: string): number {
  return model.layers.indexOf(_layer(model, name));
}

function _select(model: tf.LayersModel, names: string[] | undefined, range: [number, number] | undefined): tf.layers.Layer[] {
  if (names) return names.map((n) => _layer(model, n));
  if (range) return model.layers.slice(range[0], range[1] + 1);
  return model.layers;
}

function _setTrainable(model: tf.LayersModel, trainable: boolean, layers: tf.layers.Layer[]): string[] {
  for (const l of layers) l.trainable = trainable;
  return layers.filter((l) => l.weights.length > 0).map((l) => l.name);
}

/**
 * A softmax classifier over precomputed features (flattened when they are not flat): the head alone,
 * for training on what a frozen base extracted once instead of running the base every epoch.
 */
export function linearClassifier(featureShape: number[], numClasses: number, options: { seed?: number } = {}): tf.LayersModel {
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new TrainlabError(`linearClassifier needs numClasses >= 2 (got ${numClasses}).`);
  const input = tf.input({ shape: featureShape, name: "features" });
  let x: tf.SymbolicTensor = input;
  if (featureShape.length > 1) x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ name: "linear_head", units: numClasses, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed ?? 7 }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "linear_classifier" });
}
