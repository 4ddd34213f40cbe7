import { TrainlabError } from "../errors";
import {
  CategoricalChoice,
  Distribution,
  ParamValue,
  categoricalDistribution,
  floatDistribution,
  intDistribution,
  sameDistribution,
} from "./distributions";
import type { Study } from "./study";

/** Where a trial stands: running, finished with a value, stopped early by the pruner, or failed. */
export type TrialState = "running" | "complete" | "pruned" | "failed";

/**
 * Thrown by an objective to say "this trial was pruned" (as `optuna.TrialPruned`).
 * `trial.prune()` throws it for you.
 */
export class TrialPruned extends Error {
  constructor(message = "trial pruned") {
    super(message);
    this.name = "TrialPruned";
  }
}

/** What an objective may return instead of throwing `TrialPruned`. */
export const PRUNED: unique symbol = Symbol("pruned");

/**
 * One evaluation of the objective. The objective asks it for hyperparameters
 * (`suggestInt`, `suggestFloat`, `suggestCategorical`), reports intermediate scores
 * (`report`) and asks whether to stop early (`shouldPrune`).
 */
export class Trial {
  /** 0, 1, 2, … in the order trials started. */
  readonly number: number;
  /** The hyperparameters chosen so far, by name. */
  readonly params: Record<string, ParamValue> = {};
  /** The space each parameter was drawn from. */
  readonly distributions: Record<string, Distribution> = {};
  /** Intermediate values reported with `report`, by step. */
  readonly intermediateValues = new Map<number, number>();
  /** Bookkeeping for pruners (e.g. the value a trial had at each rung). */
  readonly systemAttrs: Record<string, number> = {};
  /** Free-form values the objective wants to keep (shown in the results table). */
  readonly userAttrs: Record<string, unknown> = {};
  state: TrialState = "running";
  /** The objective's value (for a pruned trial: its last reported value). */
  value: number | undefined = undefined;
  /** Compute used, in units of `step` (the largest step reported). */
  computeUsed = 0;
  /** Wall-clock duration in milliseconds, once finished. */
  durationMs = 0;
  private readonly _study: Study;

  constructor(study: Study, number: number) {
    this._study = study;
    this.number = number;
  }

  /**
   * Suggests an integer in [low, high].
   * @param options.log sample on a log scale (low must be > 0), e.g. for layer widths 8…512.
   * @param options.step only values low, low+step, … (default 1).
   */
  suggestInt(name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}): number {
    return this._suggest(name, intDistribution(name, low, high, options)) as number;
  }

  /**
   * Suggests a float in [low, high].
   * @param options.log sample on a log scale (low must be > 0), e.g. for learning rates 1e-4…1e-1.
   * @param options.step only values low, low+step, … (no step: any real number).
   */
  suggestFloat(name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}): number {
    return this._suggest(name, floatDistribution(name, low, high, options)) as number;
  }

  /** Suggests one of `choices`. */
  suggestCategorical<T extends CategoricalChoice>(name: string, choices: T[]): T {
    return this._suggest(name, categoricalDistribution(name, choices)) as T;
  }

  /**
   * Reports an intermediate value (e.g. validation accuracy after epoch `step`).
   * `step` is the resource used so far, in your unit (epochs, batches): it is what the
   * pruners compare trials at, and what the study counts as compute spent.
   */
  report(value: number, step: number): void {
    if (this.state !== "running") throw new TrainlabError(`Trial ${this.number} is ${this.state}; report only from inside its objective.`);
    if (!Number.isInteger(step) || step < 0) {
      throw new TrainlabError(`report(value, step): step must be a non-negative integer (got ${step}).`);
    }
    if (typeof value !== "number") throw new TrainlabError(`report(value, step): value must be a number (got ${typeof value}).`);
    // As in Optuna, the first report for a step wins.
    if (!this.intermediateValues.has(step)) this.intermediateValues.set(step, value);
    this.computeUsed = Math.max(this.computeUsed, step);
  }

  /** The largest step reported so far, or undefined. */
  get lastStep(): number | undefined {
    let last: number | undefined;
    for (const s of this.intermediateValues.keys()) if (last === undefined || s > last) last = s;
    return last;
  }

  /** Asks the study's pruner whether this trial should stop now (false without a pruner). */
  shouldPrune(): boolean {
    const pruner = this._study.pruner;
    return pruner ? pruner.prune(this._study, this) : false;
  }

  /** Stops this trial as pruned: throws `TrialPruned`, which the study catches. */
  prune(): never {
    throw new TrialPruned(`trial ${this.number} pruned at step ${this.lastStep}`);
  }

  private _suggest(name: string, distribution: Distribution): ParamValue {
    if (this.state !== "running") throw new TrainlabError(`Trial ${this.number} is ${this.state}; suggest only from inside its objective.`);
    const known = this.distributions[name];
    if (known) {
      if (!sameDistribution(known, distribution)) {
        throw new TrainlabError(`Parameter "${name}" was already suggested with another range in this trial; use one range per name.`);
      }
      return this.params[name];
    }
    const value = this._study.sampler.sample(this._study, this, name, distribution);
    this.distributions[name] = distribution;
    this.params[name] = value;
    return value;
  }
}
