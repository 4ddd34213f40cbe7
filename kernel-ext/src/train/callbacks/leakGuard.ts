/** leakGuard: notice when training leaks tensors (tf.memory().numTensors grows every epoch). */
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../../errors";
import type { Callback } from "./types";

export interface LeakGuardOptions {
  /** "warn" prints once (default); "throw" stops with a TrainlabError. */
  action?: "warn" | "throw";
  /** Tensors per epoch tolerated. Default 0. */
  tolerance?: number;
}

/**
 * Counts tensors at the end of each epoch from the second on (the first allocates optimizer
 * state); reports when the count grew in every one of the last two epochs.
 */
export function leakGuard(args: LeakGuardOptions = {}): Callback & { growth(): number[] } {
  const { action = "warn", tolerance = 0 } = args;
  const counts: number[] = [];
  let reported = false;
  const growth = () => counts.slice(1).map((c, i) => c - counts[i]);
  return {
    name: "leakGuard",
    growth,
    onTrainBegin() { counts.length = 0; reported = false; },
    onEpochEnd() {
      counts.push(tf.memory().numTensors);
      const g = growth();
      if (reported || g.length < 2) return;
      const last = g.slice(-2);
      if (last.every((d) => d > tolerance)) {
        reported = true;
        const message = `Tensor leak: tf.memory().numTensors grew by ${last.join(" and ")} in the last two epochs ` +
          `(now ${counts[counts.length - 1]}). Something called during training creates tensors and never ` +
          "disposes them: wrap that code in tf.tidy(() => …) or call .dispose() on what it returns.";
        if (action === "throw") throw new TrainlabError(message);
        console.warn(message);
      }
    },
  };
}
