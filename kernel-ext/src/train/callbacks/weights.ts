/** Copies of a model's weights that callbacks keep (best epoch, last finite epoch). */
import * as tf from "@tensorflow/tfjs";

/** A kept copy of all weights; replace() disposes the previous copy, so the count stays flat. */
export class WeightSnapshot {
  private tensors: tf.Tensor[] | null = null;
  /** Epoch the copy was taken at. */
  epoch = -1;

  get empty(): boolean {
    return this.tensors == null;
  }

  replace(model: tf.LayersModel, epoch: number): void {
    const next = tf.tidy(() => model.getWeights().map((w) => w.clone()));
    this.dispose();
    this.tensors = next;
    this.epoch = epoch;
  }

  /** Writes the copy back into the model. */
  restore(model: tf.LayersModel): void {
    if (this.tensors) model.setWeights(this.tensors);
  }

  dispose(): void {
    if (this.tensors) tf.dispose(this.tensors);
    this.tensors = null;
  }
}
