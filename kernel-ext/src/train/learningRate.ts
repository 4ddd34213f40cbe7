/** Reading and setting an optimizer's learning rate (tfjs optimizers keep it in different ways). */
import type * as tf from "@tensorflow/tfjs";

type WithLr = { learningRate?: number; setLearningRate?: (lr: number) => void };

/** The optimizer's current learning rate, or undefined if it has none we can read. */
export function getLearningRate(optimizer: tf.Optimizer | undefined): number | undefined {
  const lr = (optimizer as unknown as WithLr | undefined)?.learningRate;
  return typeof lr === "number" ? lr : undefined;
}

/** Sets the learning rate used from the next step on (SGD/momentum keep a cached scalar). */
export function setLearningRate(optimizer: tf.Optimizer | undefined, lr: number): void {
  const o = optimizer as unknown as WithLr | undefined;
  if (!o) return;
  if (typeof o.setLearningRate === "function") o.setLearningRate(lr);
  else o.learningRate = lr;
}
