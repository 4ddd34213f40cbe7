import { TrainlabError } from "../errors";
import type { ParamValue } from "./distributions";
import { Rng, createRng } from "../core/random";
import { PRUNED, Trial, TrialPruned } from "./trial";
import { randomSampler } from "./samplers/random";
import { tpeSampler } from "./samplers/tpe";
import type { Sampler } from "./samplers/types";
import type { Pruner } from "./pruners/types";

/** Whether a larger objective value is better ("maximize", e.g. accuracy) or worse ("minimize", e.g. loss). */
export type Direction = "minimize" | "maximize";

/** Options of `createStudy`. */
export interface StudyOptions {
  /** "minimize" (default, as in Optuna) or "maximize". */
  direction?: Direction;
  /** How parameters are chosen: a sampler object, or "random" / "tpe" with default settings. Default "tpe". */
  sampler?: Sampler | "random" | "tpe";
  /** Stops unpromising trials early (`successiveHalvingPruner`, `hyperbandPruner`). Default: none. */
  pruner?: Pruner;
  /** Seed of every random choice the study makes: the same seed gives the same trials. */
  seed?: number;
  /** A name shown in tables and plots. */
  name?: string;
}

/** What an objective returns: its value, `PRUNED`, or a promise of either. */
export type ObjectiveResult = number | typeof PRUNED;
/** The function a study optimises: it asks `trial` for hyperparameters and returns a score. */
export type Objective = (trial: Trial) => ObjectiveResult | Promise<ObjectiveResult>;

/** Options of `study.optimize`. At least one of `nTrials`, `budget`, `timeoutMs` (or a grid sampler) bounds it. */
export interface OptimizeOptions {
  /** How many trials to run (in this call). */
  nTrials?: number;
  /** Total compute, in `step` units (see `trial.report`): no new trial starts once the study has spent this much. */
  budget?: number;
  /** No new trial starts after this many milliseconds. */
  timeoutMs?: number;
  /** Called after each trial finishes, e.g. to update a progress bar. */
  onTrialEnd?: (trial: Trial, study: Study) => void;
}

/** One point of a study's history: after `trial`, `computeSpent` units were used and `best` was the best value. */
export interface HistoryPoint {
  trial: number;
  state: Trial["state"];
  value: number | undefined;
  best: number | undefined;
  computeSpent: number;
}

/**
 * Creates a study: a search for the hyperparameters that optimise an objective.
 * @example
 * const study = tune.createStudy({ direction: "maximize", sampler: "tpe", seed: 1 });
 * await study.optimize((trial) => score(trial.suggestFloat("lr", 1e-4, 1e-1, { log: true })), { nTrials: 30 });
 */
export function createStudy(options: StudyOptions = {}): Study {
  return new Study(options);
}

/** A hyperparameter search: its trials, its best result and the compute it spent. */
export class Study {
  readonly direction: Direction;
  readonly sampler: Sampler;
  readonly pruner: Pruner | undefined;
  readonly seed: number | undefined;
  readonly name: string;
  /** Every trial so far, in the order they started. */
  readonly trials: Trial[] = [];
  /** The study's seeded random generator (samplers draw from it). */
  readonly rng: Rng;

  constructor(options: StudyOptions = {}) {
    const direction = options.direction ?? "minimize";
    if (direction !== "minimize" && direction !== "maximize") {
      throw new TrainlabError(`direction must be "minimize" or "maximize" (got ${JSON.stringify(direction)}).`);
    }
    this.direction = direction;
    const s = options.sampler ?? "tpe";
    if (s === "random") this.sampler = randomSampler();
    else if (s === "tpe") this.sampler = tpeSampler();
    else if (s && typeof s.sample === "function") this.sampler = s;
    else throw new TrainlabError(`sampler must be "random", "tpe" or a sampler object such as tune.gridSampler({...}).`);
    this.pruner = options.pruner;
    this.seed = options.seed;
    this.rng = createRng(options.seed);
    this.name = options.name ?? `${this.sampler.name}${this.pruner ? "+" + this.pruner.name : ""}`;
  }

  /** Runs trials until `nTrials`, `budget` or `timeoutMs` is reached (or a grid is exhausted). */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<Study> {
    if (typeof objective !== "function") throw new TrainlabError("optimize(objective, …): objective must be a function (trial) => number.");
    const { nTrials, budget, timeoutMs } = options;
    if (nTrials === undefined && budget === undefined && timeoutMs === undefined && !this.sampler.isExhausted) {
      throw new TrainlabError("optimize(objective, {nTrials, budget, timeoutMs}): give at least one limit, or the study never ends.");
    }
    const start = Date.now();
    let started = 0;
    for (;;) {
      if (nTrials !== undefined && started >= nTrials) break;
      if (budget !== undefined && this.computeSpent >= budget) break;
      if (timeoutMs !== undefined && Date.now() - start >= timeoutMs) break;
      if (this.sampler.isExhausted?.(this)) break;
      started++;
      await this._runTrial(objective, options);
    }
    return this;
  }

  /** Trials that finished with a value. */
  get completeTrials(): Trial[] {
    return this.trials.filter((t) => t.state === "complete");
  }

  /** The best complete trial (undefined before any). */
  get bestTrial(): Trial | undefined {
    let best: Trial | undefined;
    for (const t of this.completeTrials) if (best === undefined || this.isBetter(t.value!, best.value!)) best = t;
    return best;
  }

  /** The best value found so far. */
  get bestValue(): number | undefined {
    return this.bestTrial?.value;
  }

  /** The hyperparameters of the best trial. */
  get bestParams(): Record<string, ParamValue> | undefined {
    const b = this.bestTrial;
    return b ? { ...b.params } : undefined;
  }

  /** Total compute used by all trials, in `step` units (pruned trials count what they used). */
  get computeSpent(): number {
    return this.trials.reduce((s, t) => s + t.computeUsed, 0);
  }

  /** True when value `a` is strictly better than `b` in this study's direction. */
  isBetter(a: number, b: number): boolean {
    return this.direction === "maximize" ? a > b : a < b;
  }

  /** Best value so far and compute spent so far, after each trial. */
  history(): HistoryPoint[] {
    let best: number | undefined;
    let spent = 0;
    return this.trials
      .filter((t) => t.state !== "running")
      .map((t) => {
        spent += t.computeUsed;
        if (t.state === "complete" && (best === undefined || this.isBetter(t.value!, best))) best = t.value;
        return { trial: t.number, state: t.state, value: t.value, best, computeSpent: spent };
      });
  }

  private async _runTrial(objective: Objective, options: OptimizeOptions): Promise<void> {
    const trial = new Trial(this, this.trials.length);
    this.trials.push(trial);
    this.sampler.startTrial?.(this, trial);
    const t0 = Date.now();
    try {
      const result = await objective(trial);
      if (result === PRUNED) {
        this._markPruned(trial);
      } else if (typeof result !== "number" || Number.isNaN(result)) {
        trial.state = "failed";
        trial.value = undefined;
      } else {
        trial.state = "complete";
        trial.value = result;
      }
    } catch (err) {
      if (err instanceof TrialPruned) {
        this._markPruned(trial);
      } else {
        trial.state = "failed";
        trial.durationMs = Date.now() - t0;
        throw err;
      }
    }
    trial.durationMs = Date.now() - t0;
    options.onTrialEnd?.(trial, this);
  }

  private _markPruned(trial: Trial): void {
    trial.state = "pruned";
    const last = trial.lastStep;
    trial.value = last === undefined ? undefined : trial.intermediateValues.get(last);
  }
}
