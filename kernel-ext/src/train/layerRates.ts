/** layerRates: one optimizer for model.compile that gives each layer its own Adam learning rate. */
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";

/** Options of {@link layerRates}. */
export interface LayerRatesOptions {
  /** Adam's learning rate for layers not named in `learningRates`. Default 0.001. */
  learningRate?: number;
  /** Learning rate per layer name. A rate of 0 leaves that layer as it is. Default {}. */
  learningRates?: Record<string, number>;
}

/**
 * An optimizer for `model.compile` (and so for lab.train.fit) with a learning rate per layer
 * ("discriminative learning rates"): small for pretrained layers, larger for a new head. It keeps
 * one Adam per distinct rate (Adam ignores a plain rescaling of the gradient, so scaling gradients
 * would not do) and hands each variable's gradient to the Adam of its layer's rate.
 */
export function layerRates(model: tf.LayersModel, options: LayerRatesOptions = {}): tf.Optimizer {
  const rates = options.learningRates ?? {};
  const fallback = options.learningRate ?? 0.001;
  for (const [name, rate] of Object.entries(rates)) {
    if (!model.layers.some((l) => l.name === name)) {
      throw new TrainlabError(`learningRates names a layer "${name}" that the model lacks; its layers are: ${model.layers.map((l) => l.name).join(", ")}.`);
    }
    if (!(Number.isFinite(rate) && rate >= 0)) throw new TrainlabError(`learningRates.${name} must be a number >= 0 (got ${rate}).`);
  }
  const rateOf = new Map<string, number>();
  for (const layer of model.layers) {
    for (const w of layer.trainableWeights) rateOf.set((w as unknown as { val: tf.Variable }).val.name, rates[layer.name] ?? fallback);
  }
  return new LayerRatesOptimizer(rateOf, fallback);
}

type NamedGrad = { name: string; tensor: tf.Tensor };

class LayerRatesOptimizer extends tf.Optimizer {
  static className = "LayerRatesOptimizer";
  private readonly adams = new Map<number, tf.AdamOptimizer>();

  constructor(private readonly rateOf: Map<string, number>, private readonly fallback: number) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedGrad[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const byRate = new Map<number, NamedGrad[]>();
    for (const g of named) {
      const rate = this.rateOf.get(g.name) ?? this.fallback;
      if (rate === 0 || g.tensor == null) continue;
      byRate.set(rate, [...(byRate.get(rate) ?? []), g]);
    }
    for (const [rate, grads] of byRate) {
      let adam = this.adams.get(rate);
      if (!adam) this.adams.set(rate, (adam = tf.train.adam(rate)));
      adam.applyGradients(grads);
    }
  }

  dispose(): void {
    for (const adam of this.adams.values()) adam.dispose();
    this.adams.clear();
    super.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.fallback, learningRates: Object.fromEntries(this.rateOf) };
  }
}
