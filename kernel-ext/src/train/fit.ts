/**
 * fit(model, x, y, options): tfjs `model.fit` with what a course needs around it — live
 * progress, small composable callbacks, seeded runs, a tensor-leak guard, plain history, and
 * errors that say what to do instead of bare tfjs shape errors.
 */
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import type { Callback, History, Logs, TrainContext } from "./callbacks/types";
import { leakGuard, LeakGuardOptions } from "./callbacks/leakGuard";
import { getLearningRate, setLearningRate } from "./learningRate";
import { DisplayMode, reporter } from "./report";
import { withSeed } from "./seed";
import { useFastConvGrad } from "./fastConvGrad";
import { onKernelInterrupt } from "../kernel/interrupt";

/** Inputs or targets: a tensor, tensors (multi-input models), or nested number arrays (converted, then disposed). */
export type Data = tf.Tensor | tf.Tensor[] | number[] | number[][] | number[][][] | number[][][][];

export interface FitOptions {
  /** Passes over the training data. Default 10. */
  epochs?: number;
  /** Samples per gradient step. Default 32. */
  batchSize?: number;
  /** Held-out [x, y] evaluated after each epoch (gives val_loss, val_acc, …). */
  validationData?: [Data, Data];
  /** Fraction of the (last) samples held out for validation instead. Default 0. */
  validationSplit?: number;
  /** Shuffle the training samples every epoch. Default true. */
  shuffle?: boolean;
  /**
   * Seed for everything random during fit (shuffling, dropout): the same seed gives the same
   * losses on the same backend. Seed the initial weights with `withSeed(seed, build)`.
   */
  seed?: number;
  /** Callbacks: earlyStopping(), checkpoint(), lrScheduler(), reduceLROnPlateau(), stopOnNaN(), … */
  callbacks?: Callback[];
  /** "auto": progress bar + live curves in a notebook, one line per epoch in a terminal. Default "auto". */
  display?: DisplayMode;
  /** Warn (default), throw, or stay quiet (false) when tensors leak during training. */
  leakGuard?: boolean | LeakGuardOptions;
  /**
   * One weight per training sample (Keras' `sample_weight`): each batch's loss is the mean over
   * the batch of weight × that sample's loss, so weights 2 and 0 count a sample twice and not at
   * all. A 1-D array or tensor of non-negative finite numbers, as long as x. Default: all 1.
   */
  sampleWeight?: number[] | Float32Array | tf.Tensor1D;
}

/** A TrainlabError raised during training, with the history up to that point. */
export class TrainingError extends TrainlabError {
  constructor(message: string, readonly history: History) {
    super(message);
  }
}

/**
 * Trains a compiled model on x → y and returns a plain history object
 * (`history.history.loss[epoch]`, `history.history.val_loss`, …).
 */
export async function fit(model: tf.LayersModel, x: Data, y: Data, options: FitOptions = {}): Promise<History> {
  const { epochs = 10, batchSize = 32, shuffle = true, seed, validationSplit = 0 } = options;
  if (!(model instanceof tf.LayersModel)) {
    throw new TrainlabError("fit(): the first argument must be a tf.LayersModel (tf.sequential() or tf.model()).");
  }
  if (!model.optimizer || !model.loss) {
    throw new TrainlabError("fit(): the model is not compiled: call model.compile({ optimizer: \"adam\", loss: \"categoricalCrossentropy\", metrics: [\"accuracy\"] }) first.");
  }
  if (!(Number.isInteger(epochs) && epochs > 0)) throw new TrainlabError(`fit(): epochs must be a positive integer, got ${epochs}.`);
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new TrainlabError(`fit(): batchSize must be a positive integer, got ${batchSize}.`);
  const owned: tf.Tensor[] = [];
  const asTensor = (d: Data, what: string): tf.Tensor | tf.Tensor[] => {
    if (Array.isArray(d) && d.length > 0 && (d as unknown[]).every((t) => t instanceof tf.Tensor)) {
      return (d as tf.Tensor[]).map((t, i) => asTensor(t, `${what}[${i}]`) as tf.Tensor);
    }
    if (d instanceof tf.Tensor) {
      if (d.isDisposed) throw new TrainlabError(`fit(): ${what} was disposed; create it again (or stop disposing it before fit).`);
      return d;
    }
    if (!Array.isArray(d)) throw new TrainlabError(`fit(): ${what} must be a tensor or an array of numbers, got ${typeof d}.`);
    const t = tf.tensor(d as number[]);
    owned.push(t);
    return t;
  };
  try {
    const xs = asTensor(x, "x");
    const ys = asTensor(y, "y");
    const validation = options.validationData
      ? [asTensor(options.validationData[0], "validationData[0]"), asTensor(options.validationData[1], "validationData[1]")] as [Inputs, Inputs]
      : undefined;
    checkData(model, xs, ys, "x", "y");
    if (validation) checkData(model, validation[0], validation[1], "validationData[0]", "validationData[1]");
    const n = (Array.isArray(xs) ? xs[0] : xs).shape[0];
    const nTrain = validationSplit > 0 ? Math.floor(n * (1 - validationSplit)) : n;
    // Pure-JS cpu: a typed-array conv filter gradient (~80% of a small CNN's step in the stock kernel).
    if (tf.getBackend() === "cpu") useFastConvGrad();
    const restore = options.sampleWeight === undefined ? null : weighSamples(model, options.sampleWeight, n);
    const run = () => train(model, xs, ys, validation, { ...options, epochs, batchSize, shuffle, nTrain });
    try {
      return seed === undefined ? await run() : await withSeed(seed, run);
    } finally {
      restore?.();
    }
  } finally {
    tf.dispose(owned);
  }
}

/**
 * Hands per-sample weights to tfjs's training loop. tfjs 4 rejects `sampleWeight` in model.fit
 * but already slices, shuffles and applies per-sample weights (loss × weight, then the batch
 * mean, as Keras) for `classWeight`: its standardizeUserData returns them, so for this one fit
 * that method returns ours. Returns the function that puts the model back.
 */
function weighSamples(model: tf.LayersModel, weights: number[] | Float32Array | tf.Tensor1D, n: number): () => void {
  const values = weights instanceof tf.Tensor ? (weights.rank === 1 ? Array.from(weights.dataSync()) : null)
    : Array.isArray(weights) || weights instanceof Float32Array ? Array.from(weights) : null;
  if (values === null) {
    throw new TrainlabError("fit(): sampleWeight must be a 1-D array or tensor with one weight per sample (e.g. [1, 2, 0.5, …]).");
  }
  if (values.length !== n) {
    throw new TrainlabError(`fit(): sampleWeight has ${values.length} weights but x has ${n} samples; give one weight per sample, in the same order.`);
  }
  const bad = values.findIndex((v) => typeof v !== "number" || !Number.isFinite(v) || v < 0);
  if (bad >= 0) throw new TrainlabError(`fit(): sampleWeight[${bad}] is ${values[bad]}; weights must be finite numbers ≥ 0.`);
  type Standardize = (...args: unknown[]) => Promise<[tf.Tensor[], tf.Tensor[], tf.Tensor[] | null]>;
  // A tf.Sequential trains through the functional model it wraps (`.model`).
  const inner = model instanceof tf.Sequential ? (model as unknown as { model: tf.LayersModel }).model : model;
  const target = inner as unknown as { standardizeUserData: Standardize };
  const original = target.standardizeUserData;
  const hadOwn = Object.prototype.hasOwnProperty.call(target, "standardizeUserData");
  let used = false;
  // The first call is the training data (validation data comes after, unweighted).
  target.standardizeUserData = async function (this: unknown, ...args: unknown[]) {
    const out = await original.apply(this, args);
    if (used) return out;
    used = true;
    return [out[0], out[1], [tf.tensor1d(values, "float32")]];
  };
  return () => {
    if (hadOwn) target.standardizeUserData = original;
    else delete (target as { standardizeUserData?: Standardize }).standardizeUserData;
  };
}

type Inputs = tf.Tensor | tf.Tensor[];

interface Resolved extends FitOptions { epochs: number; batchSize: number; shuffle: boolean; nTrain: number }

async function train(model: tf.LayersModel, x: Inputs, y: Inputs,
  validation: [Inputs, Inputs] | undefined, o: Resolved): Promise<History> {
  const history: History = { epoch: [], history: {}, lr: [], epochMs: [], backend: tf.getBackend(), seed: o.seed };
  let nanMessage: string | null = null;
  const ctx: TrainContext = {
    model, epochs: o.epochs, batchesPerEpoch: Math.ceil(o.nTrain / o.batchSize), history,
    stop(reason: string) {
      history.stopReason ??= reason;
      model.stopTraining = true;
    },
    getLearningRate: () => getLearningRate(model.optimizer),
    setLearningRate: (lr: number) => setLearningRate(model.optimizer, lr),
  };
  const user = o.callbacks ?? [];
  for (const c of user) {
    if (c == null || typeof c !== "object" || typeof (c as { setModel?: unknown }).setModel === "function" || typeof c.name !== "string") {
      throw new TrainlabError("fit(): callbacks must be Trainlab callbacks such as earlyStopping(), checkpoint(), lrScheduler(…), " +
        "or objects { name, onEpochEnd(epoch, logs, ctx) { … } }. TensorFlow.js callbacks (tf.callbacks.*) go to model.fit instead.");
    }
  }
  const handlesNaN = user.some((c) => c.name === "stopOnNaN");
  const guard = o.leakGuard === false ? null : leakGuard(o.leakGuard === true || o.leakGuard === undefined ? {} : o.leakGuard);
  const display = reporter(o.display ?? "auto");
  const callbacks: Callback[] = [...user, ...(guard ? [guard] : []), ...(display ? [display] : [])];
  let epochStart = 0;
  // Kernel → Interrupt stops at the next batch and returns the history (the cell succeeds, the
  // model keeps its weights). Yield now and then so the interrupt signal can be handled.
  const releaseInterrupt = onKernelInterrupt(() => {
    history.interrupted = true;
    ctx.stop("interrupted (Kernel → Interrupt)");
  });
  let lastYield = Date.now();
  const each = async (f: (c: Callback) => void | Promise<void>) => { for (const c of callbacks) await f(c); };

  await each((c) => c.onTrainBegin?.(ctx));
  let failure: unknown = null;
  try {
    await model.fit(x, y, {
      epochs: o.epochs, batchSize: o.batchSize, shuffle: o.shuffle, verbose: 0, yieldEvery: "never",
      validationData: validation, validationSplit: o.validationSplit,
      callbacks: {
        onEpochBegin: async (epoch: number) => {
          epochStart = Date.now();
          await each((c) => c.onEpochBegin?.(epoch, ctx));
        },
        onBatchBegin: async (batch: number) => { await each((c) => c.onBatchBegin?.(batch, ctx)); },
        onBatchEnd: async (batch: number, logs?: tf.Logs) => {
          const l = plain(logs);
          if (!Number.isFinite(l.loss) && !handlesNaN && nanMessage == null) {
            nanMessage = `The loss became ${l.loss} at epoch ${history.epoch.length + 1}, batch ${batch + 1}. ` +
              "Lower the learning rate, check x and y for NaN or huge values (normalise inputs), " +
              "or pass stopOnNaN() in callbacks to stop cleanly and keep the history.";
            ctx.stop("loss became NaN");
          }
          await each((c) => c.onBatchEnd?.(batch, l, ctx));
          if (releaseInterrupt && Date.now() - lastYield >= 100) {
            await new Promise((resolve) => setImmediate(resolve));
            lastYield = Date.now();
          }
        },
        onEpochEnd: async (epoch: number, logs?: tf.Logs) => {
          const l = plain(logs);
          history.epoch.push(epoch);
          history.epochMs.push(Date.now() - epochStart);
          for (const [k, v] of Object.entries(l)) (history.history[k] ??= []).push(v);
          const lr = ctx.getLearningRate();
          if (lr !== undefined) history.lr.push(lr);
          await each((c) => c.onEpochEnd?.(epoch, l, ctx));
        },
      },
    });
  } catch (error) {
    failure = error;
  } finally {
    releaseInterrupt?.();
  }
  await each((c) => c.onTrainEnd?.(ctx));
  model.stopTraining = false;
  if (failure) throw explain(failure, history);
  if (nanMessage) throw new TrainingError(nanMessage, history);
  return history;
}

function plain(logs: tf.Logs | undefined): Logs {
  const out: Logs = {};
  for (const [k, v] of Object.entries(logs ?? {})) {
    if (k === "batch" || k === "size") continue;
    out[k] = typeof v === "number" ? v : (v as unknown as tf.Scalar).dataSync()[0];
  }
  return out;
}

/** Checks what tfjs would reject with a bare shape error, and says what to do instead. */
function checkData(model: tf.LayersModel, xIn: Inputs, yIn: Inputs, xName: string, yName: string): void {
  if (Array.isArray(xIn) || Array.isArray(yIn) || model.inputs.length !== 1 || model.outputs.length !== 1) {
    return; // multi-input/output models: tfjs checks, and explain() words its error
  }
  const x = xIn;
  const y = yIn;
  if (x.shape[0] !== y.shape[0]) {
    throw new TrainlabError(`fit(): ${xName} has ${x.shape[0]} samples but ${yName} has ${y.shape[0]}; ` +
      "they must have one row per sample, in the same order.");
  }
  const want = model.inputs[0].shape;
  const got = x.shape;
  if (want.length !== got.length || want.some((d, i) => i > 0 && d != null && d !== got[i])) {
    const hint = want.length !== got.length
      ? ` Reshape it, e.g. ${xName}.reshape([${got[0]}, ${want.slice(1).map((d) => d ?? -1).join(", ")}]).`
      : " Check the model's inputShape and the data's columns.";
    throw new TrainlabError(`fit(): the model expects inputs of shape [n, ${want.slice(1).join(", ")}] but ${xName} has shape [${got.join(", ")}].${hint}`);
  }
  const out = model.outputs[0].shape;
  const lossName = String(Array.isArray(model.loss) ? model.loss[0] : model.loss);
  const sparse = /sparse/i.test(lossName);
  const yShape = y.shape;
  if (!sparse && out.length === yShape.length && out.some((d, i) => i > 0 && d != null && d !== yShape[i])) {
    const k = out[out.length - 1];
    const hint = yShape[yShape.length - 1] === 1 && (k ?? 0) > 1
      ? ` ${yName} looks like class labels: one-hot encode it with tf.oneHot(labels, ${k}) or use loss "sparseCategoricalCrossentropy".`
      : " Make the last layer's units match the number of targets.";
    throw new TrainlabError(`fit(): the model outputs shape [n, ${out.slice(1).join(", ")}] but ${yName} has shape [${yShape.join(", ")}].${hint}`);
  }
  if (!sparse && out.length === 2 && yShape.length === 1 && (out[1] ?? 1) > 1) {
    throw new TrainlabError(`fit(): ${yName} has shape [${yShape[0]}] (one label per sample) but the model outputs ${out[1]} values per sample: ` +
      `one-hot encode it with tf.oneHot(${yName}, ${out[1]}) or compile with loss "sparseCategoricalCrossentropy".`);
  }
  for (const [t, name] of [[x, xName], [y, yName]] as const) {
    if (t.dtype === "float32" && tf.tidy(() => tf.any(tf.isNaN(t)).dataSync()[0])) {
      throw new TrainlabError(`fit(): ${name} contains NaN values; fill or drop missing values before training.`);
    }
  }
}

function explain(error: unknown, history: History): Error {
  if (error instanceof TrainlabError) return error;
  const message = (error as Error)?.message ?? String(error);
  return new TrainingError(`Training failed inside TensorFlow.js: ${message.split("\n")[0]}. ` +
    "Check that x, y and the model's input/output shapes and loss agree (model.summary() shows the shapes).", history);
}
