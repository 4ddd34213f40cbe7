/**
 * lrFinder (fastai's lr_find, after Smith 2015): train for a few batches while raising the
 * learning rate exponentially, record the smoothed loss, suggest a rate, then put the model
 * and optimizer back exactly as they were.
 */
import * as tf from "@tensorflow/tfjs";
import { figure, Figure, Layout } from "../display";
import { TrainlabError } from "../errors";
import { getLearningRate, setLearningRate } from "./learningRate";
import { seededRandom, shuffleInPlace } from "../core/random";
import { withSeed } from "./seed";

export interface LrFinderOptions {
  /** First learning rate tried. Default 1e-7. */
  startLR?: number;
  /** Last learning rate tried. Default 10. */
  endLR?: number;
  /** Batches (= rates tried). Default 100. */
  steps?: number;
  /** Default 32. */
  batchSize?: number;
  /** Stop when the smoothed loss exceeds 4× its minimum (fastai). Default true. */
  stopDivergence?: boolean;
  /** Exponential smoothing of the loss (fastai's beta). Default 0.98. */
  beta?: number;
  /** Seed for the batch order and dropout. Default 0. */
  seed?: number;
}

/** What lrFinder measured: the sweep, and rates worth trying. */
export interface LrFinderResult {
  lrs: number[];
  /** Smoothed, bias-corrected loss at each rate. */
  losses: number[];
  /** Rate where the smoothed loss falls fastest (fastai's "steep"): a good default. */
  suggestion: number;
  /** One tenth of the rate with the lowest loss (fastai's "minimum"/10): a safe upper choice. */
  minimumDiv10: number;
}

/** Options of {@link lrFinderFigure}. */
export interface LrFinderFigureOptions {
  /** Figure title. Default "Learning-rate sweep". */
  title?: string;
  /** Plotly layout overrides (axis ranges, height, …). */
  layout?: Layout;
}

/** Smoothed loss against learning rate on a log axis, the suggestion marked. */
export function lrFinderFigure(result: LrFinderResult, options: LrFinderFigureOptions = {}): Figure {
  const { lrs, losses, suggestion } = result;
  return figure([
    { type: "scatter", mode: "lines", name: "loss", x: lrs, y: losses },
    { type: "scatter", mode: "markers", name: "suggestion", x: [suggestion], y: [losses[lrs.indexOf(suggestion)]], marker: { size: 10, color: "red" } },
  ], { title: options.title ?? "Learning-rate sweep", xaxis: { type: "log", title: { text: "learning rate" } }, yaxis: { title: { text: "smoothed loss" } }, height: 320, ...options.layout });
}

/** Sweeps learning rates on (x, y) and restores the model's weights and optimizer state after. */
export async function lrFinder(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: LrFinderOptions = {}): Promise<LrFinderResult> {
  const { startLR = 1e-7, endLR = 10, steps = 100, batchSize = 32, stopDivergence = true, beta = 0.98, seed = 0 } = options;
  if (!model.optimizer) throw new TrainlabError("lrFinder(): compile the model first (model.compile({ optimizer, loss })).");
  if (!(startLR > 0 && endLR > startLR)) throw new TrainlabError(`lrFinder(): need 0 < startLR < endLR, got ${startLR} and ${endLR}.`);
  if (getLearningRate(model.optimizer) === undefined) throw new TrainlabError("lrFinder(): this optimizer does not expose its learning rate; use tf.train.sgd/adam/rmsprop.");
  const n = x.shape[0];
  const savedWeights = tf.tidy(() => model.getWeights().map((w) => w.clone()));
  const savedOptimizer = await model.optimizer.getWeights().catch(() => null);
  const savedOptimizerCopy = savedOptimizer ? savedOptimizer.map((w) => ({ name: w.name, tensor: w.tensor.clone() })) : null;
  const savedLR = getLearningRate(model.optimizer)!;
  const lrs: number[] = [];
  const losses: number[] = [];
  try {
    await withSeed(seed, async () => {
      const random = seededRandom(seed + 1);
      const indices = Array.from({ length: n }, (_, i) => i);
      let order = shuffleInPlace(indices.slice(), random);
      let at = 0;
      let avg = 0;
      let best = Infinity;
      for (let i = 0; i < steps; i++) {
        const lr = startLR * Math.pow(endLR / startLR, i / Math.max(1, steps - 1));
        setLearningRate(model.optimizer, lr);
        if (at + batchSize > n) { order = shuffleInPlace(indices.slice(), random); at = 0; }
        const idx = tf.tensor1d(order.slice(at, at + batchSize), "int32");
        at += batchSize;
        const [xb, yb] = [tf.gather(x, idx), tf.gather(y, idx)];
        const out = await model.trainOnBatch(xb, yb);
        tf.dispose([idx, xb, yb]);
        const loss = Array.isArray(out) ? out[0] : out;
        avg = beta * avg + (1 - beta) * loss;
        const smooth = avg / (1 - Math.pow(beta, i + 1));
        lrs.push(lr);
        losses.push(smooth);
        if (smooth < best) best = smooth;
        if (!Number.isFinite(smooth) || (stopDivergence && i > 0 && smooth > 4 * best)) break;
      }
    });
  } finally {
    model.setWeights(savedWeights);
    tf.dispose(savedWeights);
    if (savedOptimizerCopy) {
      await model.optimizer.setWeights(savedOptimizerCopy);
      // setWeights made new slot variables sharing the copies' data: free the copies' handles
      // and the slot variables the sweep trained (the originals, updated in place).
      tf.dispose(savedOptimizerCopy.map((w) => w.tensor));
      tf.dispose(savedOptimizer!.map((w) => w.tensor));
    }
    setLearningRate(model.optimizer, savedLR);
  }
  const { suggestion, minimumDiv10 } = suggest(lrs, losses);
  return { lrs, losses, suggestion, minimumDiv10 };
}

/**
 * fastai's suggestions: "steep" (steepest descent of loss against log lr) and "minimum"/10,
 * computed like fastai's lr_find on the sweep without its first tenth and last 5 points
 * (early points are noise, late ones divergence). Exported so a learner can check it on their own sweep.
 */
export function suggest(lrs: number[], losses: number[]): { suggestion: number; minimumDiv10: number } {
  let finite = lrs.map((lr, i) => [lr, losses[i]] as const).filter(([, l]) => Number.isFinite(l));
  const trimmed = finite.slice(Math.floor(finite.length / 10), Math.max(0, finite.length - 5));
  if (trimmed.length >= 3) finite = trimmed;
  if (finite.length < 3) throw new TrainlabError("lrFinder: fewer than 3 finite losses; lower startLR or raise steps.");
  let minAt = 0;
  finite.forEach(([, l], i) => { if (l < finite[minAt][1]) minAt = i; });
  let steepAt = 1;
  let steepest = Infinity;
  for (let i = 1; i < finite.length; i++) {
    const slope = (finite[i][1] - finite[i - 1][1]) / (Math.log(finite[i][0]) - Math.log(finite[i - 1][0]));
    if (slope < steepest) { steepest = slope; steepAt = i; }
  }
  return { suggestion: finite[steepAt][0], minimumDiv10: finite[minAt][0] / 10 };
}
