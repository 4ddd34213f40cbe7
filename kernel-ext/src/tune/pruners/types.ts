import type { Study } from "../study";
import type { Trial } from "../trial";

/** Decides, from the values a trial has reported so far, whether it should stop early. */
export interface Pruner {
  /** Shown in tables and plots ("sha", "hyperband"). */
  readonly name: string;
  /** True when `trial` should stop now. */
  prune(study: Study, trial: Trial): boolean;
}
