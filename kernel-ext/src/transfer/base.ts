import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { loadModel } from "../core/modelIo";

/** Where the project's pretrained base lives (models/fashion-base in the repo). */
export const BASE_MODEL_DIR = path.resolve(__dirname, "../../../models/fashion-base");

/** sha256 of models/fashion-base/weights.bin, as written by scripts/pretrain-base.js. */
export const BASE_MODEL_SHA256 = "c8add196fe0a5e5522bd7c427eb4f248d4987e4e70f8bf2a2044ddfe4d5f7da3";

/** The Fashion-MNIST classes the base was pretrained on (labels 0–4); 5–9 are left for fine-tuning. */
export const BASE_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"];

/** Options for {@link createSmallCnn}. */
export interface SmallCnnOptions {
  /** Seed for the weight initialisers, so two runs start from the same weights. Default 42. */
  seed?: number;
  /** Input image side in pixels (square, one channel). Default 28. */
  size?: number;
}

/**
 * The small CNN used as the pretrained base, and as the from-scratch baseline:
 * conv(8) → pool → conv(16) → pool → flatten ("features") → dense(64) ("embedding") → softmax ("head").
 */
export function createSmallCnn(numClasses: number, options: SmallCnnOptions = {}): tf.LayersModel {
  const seed = options.seed ?? 42;
  const size = options.size ?? 28;
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const input = tf.input({ shape: [size, size, 1], name: "image" });
  let x = tf.layers.conv2d({ name: "conv1", filters: 8, kernelSize: 3, activation: "relu", kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: "pool1", poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: "conv2", filters: 16, kernelSize: 3, activation: "relu", kernelInitializer: init(2) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: "pool2", poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: "features" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: "embedding", units: 64, activation: "relu", kernelInitializer: init(3) }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ name: "head", units: numClasses, activation: "softmax", kernelInitializer: init(4) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "small_cnn" });
}

/** Loads the project's pretrained base (Fashion-MNIST classes 0–4), checking its sha256. */
export async function loadBaseModel(): Promise<tf.LayersModel> {
  return loadModel(BASE_MODEL_DIR, { sha256: BASE_MODEL_SHA256 });
}
