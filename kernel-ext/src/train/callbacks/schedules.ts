/**
 * Learning-rate schedules as plain functions step → lr (a step is an epoch or a batch, as the
 * lrScheduler callback decides). Each matches PyTorch's scheduler of the same name
 * (torch.optim.lr_scheduler), so numbers agree with what learners read elsewhere.
 */
import { TrainlabError } from "../../errors";

/** A learning-rate schedule: the rate to use at a step (0-based). */
export type Schedule = (step: number) => number;

export interface StepDecayOptions {
  /** Rate at step 0. */
  initial: number;
  /** Multiply by this every `every` steps. Default 0.1. */
  factor?: number;
  /** Steps between two decays. */
  every: number;
}

/** lr = initial · factor^⌊step / every⌋ (PyTorch StepLR). */
export function stepDecay(args: StepDecayOptions): Schedule {
  const { initial, factor = 0.1, every } = args;
  positive("stepDecay", { initial, every });
  return (step) => initial * Math.pow(factor, Math.floor(step / every));
}

export interface CosineOptions {
  /** Rate at step 0. */
  max: number;
  /** Rate reached at `steps`. Default 0. */
  min?: number;
  /** Steps of the half cosine (PyTorch's T_max). */
  steps: number;
}

/** lr = min + (max − min)·(1 + cos(π·step/steps))/2 (PyTorch CosineAnnealingLR, closed form). */
export function cosine(args: CosineOptions): Schedule {
  const { max, min = 0, steps } = args;
  positive("cosine", { max, steps });
  return (step) => min + ((max - min) * (1 + Math.cos((Math.PI * step) / steps))) / 2;
}

export interface OneCycleOptions {
  /** Peak rate. */
  max: number;
  /** Total steps of the cycle. */
  steps: number;
  /** Fraction of the steps spent warming up. Default 0.3 (PyTorch), fastai uses 0.25. */
  pctStart?: number;
  /** Start rate = max / divFactor. Default 25. */
  divFactor?: number;
  /** Final rate = start rate / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
}

/**
 * One-cycle (Smith; fastai fit_one_cycle): cosine warm-up from max/25 to max, then cosine
 * annealing to max/25/1e4. Same step numbering as PyTorch OneCycleLR (anneal "cos").
 */
export function oneCycle(args: OneCycleOptions): Schedule {
  const { max, steps, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = args;
  positive("oneCycle", { max, steps });
  const initial = max / divFactor;
  const final = initial / finalDivFactor;
  const warmEnd = pctStart * steps - 1;
  const end = steps - 1;
  const anneal = (from: number, to: number, pct: number) => to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1);
  return (step) => {
    if (step <= warmEnd) return anneal(initial, max, warmEnd <= 0 ? 1 : step / warmEnd);
    return anneal(max, final, Math.min(1, (step - warmEnd) / (end - warmEnd)));
  };
}

function positive(what: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) {
    if (!(v > 0)) throw new TrainlabError(`${what}(): ${k} must be a positive number, got ${v}.`);
  }
}
