import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { freeze, unfreeze } from "./surgery";
import { seededRandom, shuffleInPlace } from "../core/random";
import { withSeed } from "../train/seed";

/** Class labels: integers 0..k-1, as an array or a 1-D tensor. */
export type Labels = ArrayLike<number> | tf.Tensor;

/** Options shared by the fitting helpers. */
export interface FitOptions {
  /** Passes over the data. Default 10. */
  epochs?: number;
  /** Examples per gradient step. Default 32. */
  batchSize?: number;
  /** Adam's learning rate. Default 0.001. */
  learningRate?: number;
  /** Seed of the run (shuffle and dropout masks), so it can be repeated exactly. Default 0. */
  seed?: number;
  /** Called after each epoch with its mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** What a fitting helper returns: the mean training loss of each epoch. */
export interface FitHistory {
  loss: number[];
}

/**
 * Trains a softmax classifier with Adam and sparse cross-entropy, in seeded shuffled mini-batches.
 * Layers marked not trainable ({@link freeze}) are left as they are.
 */
export async function fitClassifier(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: FitOptions = {}): Promise<FitHistory> {
  return fitDiscriminative(model, x, y, { ...options, learningRates: {} });
}

/** Options for {@link fitDiscriminative}. */
export interface DiscriminativeOptions extends FitOptions {
  /** Learning rate per layer name; layers not listed use `learningRate`. A rate of 0 freezes that layer for this fit. */
  learningRates: Record<string, number>;
}

/**
 * Fits with a different learning rate per layer ("discriminative learning rates"): small for the
 * pretrained layers, whose features are already good, larger for the new head. One Adam optimiser
 * per distinct rate (Adam ignores a plain rescaling of the gradient, so scaling gradients would not do).
 */
export async function fitDiscriminative(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: DiscriminativeOptions): Promise<FitHistory> {
  // Seeding the run (not the layers) gives dropout a new mask at every step and still repeats exactly.
  return withSeed(options.seed ?? 0, () => _fitDiscriminative(model, x, y, options));
}

async function _fitDiscriminative(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: DiscriminativeOptions): Promise<FitHistory> {
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 32;
  const defaultRate = options.learningRate ?? 0.001;
  for (const name of Object.keys(options.learningRates)) {
    if (!model.layers.some((l) => l.name === name)) {
      throw new TrainlabError(`learningRates names a layer "${name}" that the model lacks; its layers are: ${model.layers.map((l) => l.name).join(", ")}.`);
    }
  }
  const labels = _labels(y);
  const n = x.shape[0];
  if (labels.shape[0] !== n) {
    labels.dispose();
    throw new TrainlabError(`x has ${n} examples but y has ${labels.shape[0]} labels; pass one label per example.`);
  }
  // Group trainable variables by their layer's learning rate.
  const groups = new Map<number, tf.Variable[]>();
  for (const layer of model.layers) {
    if (!layer.trainable) continue;
    const rate = options.learningRates[layer.name] ?? defaultRate;
    if (rate === 0) continue;
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    if (vars.length) groups.set(rate, [...(groups.get(rate) ?? []), ...vars]);
  }
  const optimizers = [...groups.entries()].map(([rate, vars]) => ({ opt: tf.train.adam(rate), vars }));
  const allVars = optimizers.flatMap((o) => o.vars);
  const rand = seededRandom(options.seed ?? 0);
  const history: FitHistory = { loss: [] };
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = shuffleInPlace(Array.from({ length: n }, (_, i) => i), rand);
      let total = 0;
      for (let start = 0; start < n; start += batchSize) {
        const idx = tf.tensor1d(order.slice(start, start + batchSize), "int32");
        const loss = tf.tidy(() => {
          const xb = tf.gather(x, idx);
          const yb = tf.cast(tf.gather(labels, idx), "int32");
          const { value, grads } = tf.variableGrads(() => _crossEntropy(yb, model.apply(xb, { training: true }) as tf.Tensor), allVars);
          for (const { opt, vars } of optimizers) opt.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name] })));
          return value;
        });
        total += (await loss.data())[0] * (idx.shape[0]);
        loss.dispose();
        idx.dispose();
      }
      history.loss.push(total / n);
      options.onEpoch?.(epoch, total / n);
    }
  } finally {
    labels.dispose();
    for (const { opt } of optimizers) opt.dispose();
  }
  return history;
}

/** Options for {@link fineTuneTwoPhase}. */
export interface TwoPhaseOptions {
  /** The last layer of the pretrained part (everything up to it is frozen in phase 1). */
  baseUpTo: string;
  /** Phase 1, head only. Default { epochs: 10, learningRate: 0.003 }. */
  phase1?: FitOptions;
  /** Phase 2, layers from `unfreezeFrom` on, with a small rate. Default { epochs: 5, learningRate: 0.0003 }. */
  phase2?: FitOptions;
  /** First layer to unfreeze in phase 2. Default: the first layer (everything trains). */
  unfreezeFrom?: string;
}

/**
 * The classic two-phase fine-tune: (1) freeze the pretrained layers and train only the new head, so
 * its random weights do not send large gradients into good features; (2) unfreeze (some of) the base
 * and train everything with a learning rate about ten times smaller.
 */
export async function fineTuneTwoPhase(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: TwoPhaseOptions): Promise<{ phase1: FitHistory; phase2: FitHistory }> {
  freeze(model, { upTo: options.baseUpTo });
  const phase1 = await fitClassifier(model, x, y, { epochs: 10, learningRate: 0.003, ...options.phase1 });
  if (options.unfreezeFrom) unfreeze(model, { from: options.unfreezeFrom });
  else unfreeze(model);
  const phase2 = await fitClassifier(model, x, y, { epochs: 5, learningRate: 0.0003, ...options.phase2 });
  return { phase1, phase2 };
}

/** Share of examples whose most probable class is the label. */
export function accuracy(model: tf.LayersModel, x: tf.Tensor, y: Labels, options: { batchSize?: number } = {}): number {
  const labels = _labels(y);
  const acc = tf.tidy(() => {
    const p = model.predict(x, { batchSize: options.batchSize ?? 256 }) as tf.Tensor;
    return tf.mean(tf.cast(tf.equal(tf.argMax(p, -1), tf.cast(labels, "int32")), "float32")).dataSync()[0];
  });
  labels.dispose();
  return acc;
}

/** Mean cross-entropy of softmax probabilities against integer labels. */
function _crossEntropy(labels: tf.Tensor, probs: tf.Tensor): tf.Scalar {
  const k = probs.shape[probs.shape.length - 1] as number;
  const p = tf.sum(tf.mul(tf.oneHot(labels as tf.Tensor1D, k), probs), -1);
  return tf.neg(tf.mean(tf.log(tf.clipByValue(p, 1e-7, 1)))) as tf.Scalar;
}

function _labels(y: Labels): tf.Tensor1D {
  if (y instanceof tf.Tensor) return tf.tidy(() => tf.cast(tf.reshape(y, [-1]), "float32")) as tf.Tensor1D;
  return tf.tensor1d(Array.from(y), "float32");
}
