import * as tf from "@tensorflow/tfjs";
import { _checkRows } from "./predict";
import { GradientOptions, TensorModel, _apply, _onehot, _targets } from "./tensorModel";

/** Options of {@link saliency}. */
export interface SaliencyOptions extends GradientOptions {
  /** Return |gradient| (the usual saliency map) rather than the signed gradient. Default true. */
  absolute?: boolean;
}

/**
 * Gradient saliency (Simonyan et al., 2013): ∂f_c/∂x for each input, one row per row of X.
 * Cheap (one backward pass) but local: it says what would change the output, not what produced it.
 */
export function saliency(model: TensorModel, X: number[][], options: SaliencyOptions = {}): number[][] {
  const d = _checkRows(X, "saliency");
  const targets = _targets(model, X, options, d);
  const grads = tf.tidy(() => {
    const x = tf.tensor2d(X);
    const onehot = _onehot(targets.columns, targets.k);
    const g = tf.grad((inp: tf.Tensor) => tf.sum(tf.mul(_apply(model, inp, options, d), onehot)))(x);
    return (options.absolute ?? true ? tf.abs(g) : g).arraySync() as number[][];
  });
  return grads;
}

