import type { Distribution } from "../distributions";
import type { Rng } from "../../core/random";
import { snapToGrid } from "./random";

/**
 * A Parzen estimator of one parameter, as in Optuna's univariate TPE: a weighted mixture of
 * truncated normals (one per observation, plus a wide "prior" one) for numbers, or a weighted
 * mixture of smoothed one-hot kernels for categories.
 */
export interface ParzenEstimator {
  /** Draws `n` values (grid-snapped for stepped parameters; choice indices for categorical ones). */
  sample(rng: Rng, n: number): number[];
  /** Log density (or log probability mass, for discrete parameters) at each value. */
  logPdf(values: number[]): number[];
}

/** Settings of the estimator (Optuna's defaults). */
export interface ParzenOptions {
  /** Weight of the prior component. Default 1. */
  priorWeight: number;
  /** Clip bandwidths below (range / min(100, 1 + n)). Default true. */
  magicClip: boolean;
}

/**
 * Builds the estimator of one parameter from observed values (in the parameter's own units;
 * categorical ones as choice indices) and their weights.
 */
export function parzenEstimator(d: Distribution, observations: number[], weights: number[], options: ParzenOptions): ParzenEstimator {
  return d.kind === "categorical"
    ? _categorical(d.choices.length, observations, weights, options.priorWeight)
    : _numerical(d, observations, weights, options);
}

/** Optuna's default weights: 1 for each of the last 25 observations, a linear ramp before (older ones count less). */
export function defaultWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return new Array(n).fill(1);
  const ramp = _linspace(1 / n, 1, n - 25);
  return [...ramp, ...new Array(25).fill(1)];
}

/** Optuna's default gamma: how many trials count as "good", min(ceil(0.1 n), 25). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

function _categorical(k: number, obs: number[], obsWeights: number[], priorWeight: number): ParzenEstimator {
  const n = obs.length;
  // Rows: one kernel per observation plus the prior; each row sums to 1.
  const fill = priorWeight / (n + 1);
  const kernels: number[][] = [];
  for (let i = 0; i <= n; i++) {
    const row = new Array(k).fill(fill);
    if (i < n) row[obs[i]] += 1;
    const s = row.reduce((a, b) => a + b, 0);
    kernels.push(row.map((v) => v / s));
  }
  const w = _normalize([...obsWeights, priorWeight]);
  const probs = new Array(k).fill(0);
  for (let i = 0; i <= n; i++) for (let c = 0; c < k; c++) probs[c] += w[i] * kernels[i][c];
  return {
    sample(rng, count) {
      return Array.from({ length: count }, () => _pick(rng, probs));
    },
    logPdf(values) {
      return values.map((c) => Math.log(probs[c]));
    },
  };
}

function _numerical(d: Exclude<Distribution, { kind: "categorical" }>, observations: number[], obsWeights: number[], options: ParzenOptions): ParzenEstimator {
  const step = d.step;
  const half = step === undefined ? 0 : 0.5 * step;
  // As Optuna 3.1: stepped linear parameters use the probability mass of their grid bin; log ones
  // (integers on a log scale) use the density in log space.
  const discrete = step !== undefined && !d.log;
  const toInternal = (x: number): number => (d.log ? Math.log(x) : x);
  const fromInternal = (x: number): number => (d.log ? Math.exp(x) : x);
  // Stepped parameters live on [low - step/2, high + step/2], so each grid point owns one bin.
  const low = d.log ? Math.log(d.low - half) : d.low - half;
  const high = d.log ? Math.log(d.high + half) : d.high + half;
  const n = observations.length;
  const mus = [...observations.map(toInternal), 0.5 * (low + high)];
  const sigmas = _bandwidths(mus, low, high, options.magicClip);
  sigmas[n] = high - low;
  const w = _normalize([...obsWeights, options.priorWeight]);
  const logW = w.map(Math.log);

  const logMass = (x: number): number => {
    // Log-sum-exp over components of log w_i + log (truncated normal density or bin mass).
    const terms = mus.map((mu, i) => {
      const s = sigmas[i];
      const z = _normCdf((high - mu) / s) - _normCdf((low - mu) / s);
      let p: number;
      if (!discrete) {
        const t = (x - mu) / s;
        p = Math.exp(-0.5 * t * t) / (s * Math.sqrt(2 * Math.PI));
      } else {
        const v = fromInternal(x);
        const a = toInternal(v - half);
        const b = toInternal(v + half);
        p = _normCdf((b - mu) / s) - _normCdf((a - mu) / s);
      }
      return logW[i] + Math.log(Math.max(p, 1e-300)) - Math.log(Math.max(z, 1e-300));
    });
    const m = Math.max(...terms);
    return m + Math.log(terms.reduce((acc, t) => acc + Math.exp(t - m), 0));
  };

  return {
    sample(rng, count) {
      const out: number[] = [];
      for (let j = 0; j < count; j++) {
        const i = _pick(rng, w);
        const x = _truncatedNormal(rng, mus[i], sigmas[i], low, high);
        const v = fromInternal(x);
        out.push(step === undefined ? Math.min(d.high, Math.max(d.low, v)) : snapToGrid(d, v));
      }
      return out;
    },
    logPdf(values) {
      return values.map((v) => logMass(toInternal(v)));
    },
  };
}

/** Optuna's univariate bandwidths: the larger gap to a neighbour (endpoints not considered), clipped. */
function _bandwidths(mus: number[], low: number, high: number, magicClip: boolean): number[] {
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b] || a - b);
  const sorted = [low, ...order.map((i) => mus[i]), high];
  const sortedSigmas: number[] = [];
  for (let j = 1; j < sorted.length - 1; j++) sortedSigmas.push(Math.max(sorted[j] - sorted[j - 1], sorted[j + 1] - sorted[j]));
  if (sorted.length >= 4) {
    sortedSigmas[0] = sorted[2] - sorted[1];
    sortedSigmas[sortedSigmas.length - 1] = sorted[sorted.length - 2] - sorted[sorted.length - 3];
  }
  const sigmas = new Array(mus.length);
  order.forEach((i, j) => (sigmas[i] = sortedSigmas[j]));
  const maxSigma = high - low;
  const minSigma = magicClip ? (high - low) / Math.min(100, 1 + mus.length) : 1e-12;
  return sigmas.map((s: number) => Math.min(maxSigma, Math.max(minSigma, s)));
}

function _truncatedNormal(rng: Rng, mu: number, sigma: number, low: number, high: number): number {
  // Inverse-CDF sampling: exact, and never loops (rejection can stall far in a tail).
  const a = _normCdf((low - mu) / sigma);
  const b = _normCdf((high - mu) / sigma);
  const u = a + (b - a) * rng.next();
  const x = mu + sigma * _normInv(Math.min(1 - 1e-16, Math.max(1e-16, u)));
  return Math.min(high, Math.max(low, x));
}

function _pick(rng: Rng, probs: number[]): number {
  const u = rng.next();
  let acc = 0;
  for (let i = 0; i < probs.length; i++) {
    acc += probs[i];
    if (u < acc) return i;
  }
  return probs.length - 1;
}

function _normalize(w: number[]): number[] {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}

function _linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/** Standard normal CDF via erfc (Numerical Recipes' erfcc Chebyshev fit, fractional error < 1.2e-7). */
function _normCdf(z: number): number {
  return 0.5 * _erfc(-z / Math.SQRT2);
}

function _erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Inverse standard normal CDF (Acklam's algorithm, relative error < 1.2e-9). */
function _normInv(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
