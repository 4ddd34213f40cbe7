import { TrainlabError } from "../errors";

/** A value a categorical parameter can take. */
export type CategoricalChoice = string | number | boolean | null;
/** A value any parameter can take. */
export type ParamValue = number | CategoricalChoice;

/** A float in [low, high], optionally on a log scale or on a grid of `step`. */
export interface FloatDistribution {
  kind: "float";
  low: number;
  high: number;
  log: boolean;
  step?: number;
}

/** An integer in [low, high] on a grid of `step`, optionally on a log scale. */
export interface IntDistribution {
  kind: "int";
  low: number;
  high: number;
  log: boolean;
  step: number;
}

/** One of a list of choices. */
export interface CategoricalDistribution {
  kind: "categorical";
  choices: CategoricalChoice[];
}

/** Where a parameter's values come from. */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/**
 * Builds a float distribution, checking its bounds the way Optuna does.
 * `high` is lowered to the last point of the grid when `step` does not divide the range.
 */
export function floatDistribution(name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}): FloatDistribution {
  const log = options.log ?? false;
  _checkBounds(name, low, high, log, options.step);
  if (options.step !== undefined) {
    high = low + Math.floor((high - low) / options.step + 1e-9) * options.step;
    return { kind: "float", low, high, log, step: options.step };
  }
  return { kind: "float", low, high, log };
}

/** Builds an integer distribution; `high` is lowered to the last point of the step grid. */
export function intDistribution(name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}): IntDistribution {
  const log = options.log ?? false;
  const step = options.step ?? 1;
  if (!Number.isInteger(low) || !Number.isInteger(high) || !Number.isInteger(step)) {
    throw new TrainlabError(`suggestInt("${name}", ${low}, ${high}): bounds and step must be integers; use suggestFloat for real numbers.`);
  }
  _checkBounds(name, low, high, log, options.step);
  high = low + Math.floor((high - low) / step) * step;
  return { kind: "int", low, high, log, step };
}

/** Builds a categorical distribution. */
export function categoricalDistribution(name: string, choices: CategoricalChoice[]): CategoricalDistribution {
  if (!Array.isArray(choices) || choices.length === 0) {
    throw new TrainlabError(`suggestCategorical("${name}", …): give a non-empty array of choices.`);
  }
  for (const c of choices) {
    if (!(c === null || ["string", "number", "boolean"].includes(typeof c))) {
      throw new TrainlabError(`suggestCategorical("${name}", …): choices must be strings, numbers, booleans or null (got ${typeof c}).`);
    }
  }
  return { kind: "categorical", choices: [...choices] };
}

/** True when two distributions describe the same space (a parameter suggested twice must not change). */
export function sameDistribution(a: Distribution, b: Distribution): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True when `value` lies in the distribution (on its grid, for stepped ones). */
export function contains(d: Distribution, value: ParamValue): boolean {
  if (d.kind === "categorical") return d.choices.some((c) => Object.is(c, value) || c === value);
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (value < d.low - 1e-12 || value > d.high + 1e-12) return false;
  if (d.kind === "int" && !Number.isInteger(value)) return false;
  const step = d.kind === "int" ? d.step : d.step;
  if (step !== undefined) {
    const k = (value - d.low) / step;
    return Math.abs(k - Math.round(k)) < 1e-8;
  }
  return true;
}

/** The values of a distribution that a grid search walks over (numeric ones need a step). */
export function gridValues(d: Distribution): ParamValue[] {
  if (d.kind === "categorical") return d.choices;
  const step = d.kind === "int" ? d.step : d.step;
  if (step === undefined) throw new TrainlabError("A float without a step has no finite grid; give the grid values explicitly.");
  const n = Math.round((d.high - d.low) / step) + 1;
  return Array.from({ length: n }, (_, i) => d.low + i * step);
}

function _checkBounds(name: string, low: number, high: number, log: boolean, step: number | undefined): void {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new TrainlabError(`Parameter "${name}": need finite low <= high (got low=${low}, high=${high}).`);
  }
  if (log && low <= 0) {
    throw new TrainlabError(`Parameter "${name}": a log scale needs low > 0 (got ${low}); shift the range or drop {log: true}.`);
  }
  if (step !== undefined && !(step > 0)) {
    throw new TrainlabError(`Parameter "${name}": step must be > 0 (got ${step}).`);
  }
  if (log && step !== undefined && step !== 1) {
    throw new TrainlabError(`Parameter "${name}": {log: true} cannot be combined with a step other than 1 (as in Optuna).`);
  }
}
