import type { Distribution, ParamValue } from "../distributions";
import type { Rng } from "../../core/random";
import type { Sampler } from "./types";

/**
 * Random search: every parameter drawn independently and uniformly (on a log scale where
 * asked). Bergstra & Bengio (2012): with few parameters that matter, it beats a grid of the same size.
 */
export function randomSampler(): Sampler {
  return {
    name: "random",
    sample: (study, _trial, _name, distribution) => sampleUniform(distribution, study.rng),
  };
}

/** One uniform draw from a distribution (log-uniform where `log` is set; on its grid where it has a step). */
export function sampleUniform(d: Distribution, rng: Rng): ParamValue {
  if (d.kind === "categorical") return d.choices[rng.int(d.choices.length)];
  if (d.kind === "float" && d.step === undefined) {
    if (d.log) return Math.min(d.high, Math.max(d.low, Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high)))));
    return d.low === d.high ? d.low : Math.min(d.high, rng.uniform(d.low, d.high));
  }
  const step = d.step!;
  if (d.log) {
    // As Optuna: uniform in log space over [low - ½, high + ½], then rounded to the grid.
    const x = Math.exp(rng.uniform(Math.log(d.low - 0.5 * step > 0 ? d.low - 0.5 * step : d.low * 0.5), Math.log(d.high + 0.5 * step)));
    return snapToGrid(d, x);
  }
  const n = Math.round((d.high - d.low) / step) + 1;
  return snapToGrid(d, d.low + rng.int(n) * step);
}

/** Rounds `x` to the nearest point of the distribution's step grid, inside its bounds. */
export function snapToGrid(d: Distribution, x: number): number {
  if (d.kind === "categorical") throw new Error("snapToGrid: not for categorical");
  const step = d.step;
  let v = x;
  if (step !== undefined) {
    v = d.low + Math.round((x - d.low) / step) * step;
    // Keep decimals clean (0.1 + 2 * 0.1 should print 0.3).
    v = Number(v.toPrecision(12));
  }
  return Math.min(d.high, Math.max(d.low, v));
}
