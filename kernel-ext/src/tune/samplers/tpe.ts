import { TrainlabError } from "../../errors";
import type { Distribution, ParamValue } from "../distributions";
import type { Study } from "../study";
import type { Trial } from "../trial";
import { defaultGamma, defaultWeights, parzenEstimator } from "./parzen";
import { sampleUniform } from "./random";
import type { Sampler } from "./types";

/** Options of `tpeSampler` (Optuna's TPESampler defaults). */
export interface TpeSamplerOptions {
  /** Trials drawn at random before the model is used: it needs data to model. Default 10. */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per suggestion; the one with the largest l(x)/g(x) wins. Default 24. */
  nEiCandidates?: number;
  /** How many of n finished trials count as "good". Default min(ceil(0.1 n), 25). */
  gamma?: (n: number) => number;
  /** Weight of the wide prior component in each estimator. Default 1. */
  priorWeight?: number;
}

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011; Optuna's TPESampler, univariate):
 * split finished trials into good and bad by `gamma`, fit a Parzen estimator l(x) to the good
 * ones' values and g(x) to the bad ones', draw `nEiCandidates` from l and keep the one that
 * maximises l(x)/g(x). Pruned trials count as worse than every complete one (later-pruned first).
 */
export function tpeSampler(options: TpeSamplerOptions = {}): Sampler {
  const nStartup = options.nStartupTrials ?? 10;
  const nCandidates = options.nEiCandidates ?? 24;
  const gamma = options.gamma ?? defaultGamma;
  const priorWeight = options.priorWeight ?? 1;
  if (!(nStartup >= 0) || !(nCandidates >= 1)) throw new TrainlabError("tpeSampler: nStartupTrials must be >= 0 and nEiCandidates >= 1.");
  return {
    name: "tpe",
    sample(study, trial, name, distribution) {
      const finished = study.trials.filter((t) => t !== trial && (t.state === "complete" || t.state === "pruned"));
      if (finished.length < nStartup) return sampleUniform(distribution, study.rng);
      const [below, above] = splitTrials(study, finished, gamma(finished.length));
      const obsBelow = _observations(below, name, distribution);
      const obsAbove = _observations(above, name, distribution);
      const opts = { priorWeight, magicClip: true };
      const l = parzenEstimator(distribution, obsBelow, defaultWeights(obsBelow.length), opts);
      const g = parzenEstimator(distribution, obsAbove, defaultWeights(obsAbove.length), opts);
      const candidates = l.sample(study.rng, nCandidates);
      const ll = l.logPdf(candidates);
      const lg = g.logPdf(candidates);
      let best = 0;
      for (let i = 1; i < candidates.length; i++) if (ll[i] - lg[i] > ll[best] - lg[best]) best = i;
      return distribution.kind === "categorical" ? distribution.choices[candidates[best]] : candidates[best];
    },
  };
}

/**
 * Splits finished trials into the `nBelow` best ("good") and the rest, as Optuna ranks them:
 * complete trials by value, then pruned trials by the step they reached (further is better), then
 * by their last value. Each group is returned in trial order (the weights favour recent trials).
 */
export function splitTrials(study: Study, trials: Trial[], nBelow: number): [Trial[], Trial[]] {
  const sign = study.direction === "maximize" ? -1 : 1;
  const key = (t: Trial): [number, number] => {
    if (t.state === "complete") return [-Infinity, sign * t.value!];
    const step = t.lastStep;
    if (step === undefined) return [Infinity, 0];
    return [-step, sign * t.intermediateValues.get(step)!];
  };
  const ranked = [...trials].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1] || a.number - b.number;
  });
  const byNumber = (a: Trial, b: Trial) => a.number - b.number;
  return [ranked.slice(0, nBelow).sort(byNumber), ranked.slice(nBelow).sort(byNumber)];
}

function _observations(trials: Trial[], name: string, d: Distribution): number[] {
  const out: number[] = [];
  for (const t of trials) {
    if (!(name in t.params)) continue;
    const v: ParamValue = t.params[name];
    if (d.kind === "categorical") {
      const i = d.choices.indexOf(v as never);
      if (i >= 0) out.push(i);
    } else if (typeof v === "number" && v >= d.low && v <= d.high) {
      out.push(v);
    }
  }
  return out;
}
