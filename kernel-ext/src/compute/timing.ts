import { TrainlabError } from "../errors";
import { mean, quantile } from "../core/stats";

/** Options of `timeSteps`. */
export interface TimeStepsOptions {
  /** Steps timed. Default 20. */
  steps?: number;
  /** Untimed steps first (compilation, caches, memory pools warming up). Default 2. */
  warmup?: number;
}

/** Timings of repeated steps, in milliseconds. */
export interface StepTimes {
  times: number[];
  mean: number;
  median: number;
  /** 90th percentile: what a slow step costs. */
  p90: number;
  min: number;
}

/**
 * Times `step` (sync or async) `steps` times after `warmup` untimed calls. Use the median, not
 * the mean: one garbage collection or a busy neighbour can make a single step slow. `step` must
 * wait for its results (`await t.data()`, `dataSync()`), or you time only the queueing of work.
 */
export async function timeSteps(step: (i: number) => unknown, options: TimeStepsOptions = {}): Promise<StepTimes> {
  const steps = options.steps ?? 20;
  const warmup = options.warmup ?? 2;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new TrainlabError(`timeSteps: steps must be an integer >= 1 (got ${steps}).`);
  for (let i = 0; i < warmup; i++) await step(i);
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await step(warmup + i);
    times.push(performance.now() - t0);
  }
  return { times, ...summarizeTimes(times) };
}

/** Mean, median, 90th percentile and minimum of a list of times. */
export function summarizeTimes(times: number[]): Omit<StepTimes, "times"> {
  if (times.length === 0) throw new TrainlabError("summarizeTimes: no times given.");
  return { mean: mean(times), median: quantile(times, 0.5), p90: quantile(times, 0.9), min: times.reduce((a, b) => Math.min(a, b)) };
}
