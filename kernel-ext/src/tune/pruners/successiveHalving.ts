import { TrainlabError } from "../../errors";
import type { Study } from "../study";
import type { Trial } from "../trial";
import type { Pruner } from "./types";

/** Options of `successiveHalvingPruner` (Optuna's SuccessiveHalvingPruner). */
export interface SuccessiveHalvingOptions {
  /** Resource (step) of the first rung; rung k sits at minResource · reductionFactor^(minEarlyStoppingRate + k). Default 1. */
  minResource?: number;
  /** η: only the top 1/η of the trials that reached a rung go on. Default 4. */
  reductionFactor?: number;
  /** s: shifts every rung up by a factor η^s (Hyperband's brackets use s = 0, 1, …). Default 0. */
  minEarlyStoppingRate?: number;
  /** A trial is pruned at a rung until more than this many trials have reached it. Default 0. */
  bootstrapCount?: number;
}

/**
 * Asynchronous successive halving, with Optuna's rules: when a trial reports at or past the
 * step of its next rung, its value there is recorded, and it continues only if it is within the
 * top ⌊n/η⌋ (at least the top 1) of the n values recorded at that rung so far, its own included.
 */
export function successiveHalvingPruner(options: SuccessiveHalvingOptions = {}): Pruner & { readonly rungSteps: (n: number) => number[] } {
  const minResource = options.minResource ?? 1;
  const eta = options.reductionFactor ?? 4;
  const rate = options.minEarlyStoppingRate ?? 0;
  const bootstrap = options.bootstrapCount ?? 0;
  if (!(Number.isInteger(minResource) && minResource >= 1)) throw new TrainlabError(`successiveHalvingPruner: minResource must be an integer >= 1 (got ${minResource}).`);
  if (!(Number.isInteger(eta) && eta >= 2)) throw new TrainlabError(`successiveHalvingPruner: reductionFactor must be an integer >= 2 (got ${eta}).`);
  if (!(Number.isInteger(rate) && rate >= 0)) throw new TrainlabError(`successiveHalvingPruner: minEarlyStoppingRate must be an integer >= 0 (got ${rate}).`);
  return {
    name: "sha",
    rungSteps: (n) => Array.from({ length: n }, (_, k) => minResource * eta ** (rate + k)),
    prune: (study, trial) => pruneBySuccessiveHalving(study, trial, study.trials, { minResource, eta, rate, bootstrap }),
  };
}

/** The rule itself, over a given set of competing trials (Hyperband passes one bracket's). */
export function pruneBySuccessiveHalving(
  study: Study,
  trial: Trial,
  trials: Trial[],
  p: { minResource: number; eta: number; rate: number; bootstrap: number },
): boolean {
  const step = trial.lastStep;
  if (step === undefined) return false;
  const value = trial.intermediateValues.get(step)!;
  let rung = 0;
  while (_rungKey(rung) in trial.systemAttrs) rung++;
  for (;;) {
    const promotionStep = p.minResource * p.eta ** (p.rate + rung);
    if (step < promotionStep) return false;
    if (Number.isNaN(value)) return true;
    const key = _rungKey(rung);
    const competing = trials.filter((t) => t !== trial && key in t.systemAttrs).map((t) => t.systemAttrs[key]);
    competing.push(value);
    trial.systemAttrs[key] = value;
    if (competing.length <= p.bootstrap) return true;
    if (!_promotable(value, competing, p.eta, study.direction === "maximize")) return true;
    rung++;
  }
}

function _rungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

function _promotable(value: number, competing: number[], eta: number, maximize: boolean): boolean {
  // Trials cannot be paused, so while fewer than η have reached the rung only the best goes on.
  let idx = Math.floor(competing.length / eta) - 1;
  if (idx === -1) idx = 0;
  competing.sort((a, b) => a - b);
  return maximize ? value >= competing[competing.length - 1 - idx] : value <= competing[idx];
}
