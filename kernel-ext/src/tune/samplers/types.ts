import type { Distribution, ParamValue } from "../distributions";
import type { Study } from "../study";
import type { Trial } from "../trial";

/** Chooses a value for each parameter a trial asks for. */
export interface Sampler {
  /** Shown in tables and plots ("random", "grid", "tpe"). */
  readonly name: string;
  /** Chooses the value of parameter `name` in `distribution` for `trial`. */
  sample(study: Study, trial: Trial, name: string, distribution: Distribution): ParamValue;
  /** Called when a trial starts, before its first suggestion. */
  startTrial?(study: Study, trial: Trial): void;
  /** True when no new trial should start (a grid that has been walked in full). */
  isExhausted?(study: Study): boolean;
}
