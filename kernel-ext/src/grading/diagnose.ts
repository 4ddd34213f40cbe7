/**
 * Hints that follow the mistake: from what came back and what was expected, recognise a common
 * slip (NaN, wrong length, wrong sign, off by a constant factor, right values in the wrong order,
 * a square root too many or too few) and say what usually causes it.
 */
import { comparable, leaves, sameLeaf } from "./difference";
import type { Mistake } from "./types";

/** Options of {@link diagnose}. */
export interface DiagnoseOptions {
  /** Relative tolerance for "the same number". Default 1e-6. */
  tol?: number;
}

/** A hint for the mistake `actual` shows against `expected`, or undefined when none is recognised. */
export function diagnose(actual: unknown, expected: unknown, options: DiagnoseOptions = {}): string | undefined {
  const tol = options.tol ?? 1e-6;
  const a = comparable(actual);
  const e = comparable(expected);
  const numsA = numbersOf(a);
  const numsE = numbersOf(e);
  if (!numsA || !numsE) return undefined;
  if (numsA.some(Number.isNaN) && !numsE.some(Number.isNaN)) {
    return "Your result contains NaN (\"not a number\"): usually 0 / 0, an average of an empty array, or arithmetic with undefined (an index past the end of an array, a misspelt property).";
  }
  if (Array.isArray(a) && Array.isArray(e) && a.length !== e.length) {
    return `Your result has ${a.length} element${a.length === 1 ? "" : "s"} where ${e.length} ${e.length === 1 ? "was" : "were"} expected: check the loop bounds (< or <=), which array you loop over, and whether something was pushed twice or skipped.`;
  }
  if (numsA.length !== numsE.length || numsE.length === 0) return undefined;
  const near = (x: number, y: number) => Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
  const allNear = (f: (y: number, i: number) => number) => numsE.every((y, i) => near(numsA[i], f(y, i)));
  if (numsE.some((y) => y !== 0) && allNear((y) => -y)) {
    return "Right size, wrong sign: check the order of a subtraction (a − b versus b − a) or a minus sign.";
  }
  const factor = constantFactor(numsA, numsE, tol);
  if (factor !== undefined) {
    return `Your result is ${formatFactor(factor)} the expected one: off by a constant factor. Check what you divide or multiply by (an average divides by the number of values; a percentage is not a fraction).`;
  }
  if (numsE.length > 1 && !allNear((y) => y)) {
    const sortedA = [...numsA].sort((x, y) => x - y);
    const sortedE = [...numsE].sort((x, y) => x - y);
    if (sortedE.every((y, i) => near(sortedA[i], y))) {
      return "The right values, in the wrong order: keep the order of the input (do not sort it, and put each result at its own index).";
    }
  }
  if (numsE.every((y) => y > 0) && numsA.every((x) => x >= 0)) {
    if (allNear((y) => Math.sqrt(y))) return "Your result is the square root of the expected one: leave out the square root.";
    if (allNear((y) => y * y)) return "Your result is the square of the expected one: take the square root, or square only once.";
  }
  return undefined;
}

/** The hint of the first of a test's known mistakes that `result` shows, if any. */
export function matchMistake(mistakes: Mistake[] | undefined, result: unknown, argsAfter?: unknown[]): string | undefined {
  for (const m of mistakes ?? []) {
    try {
      if (m.when ? m.when(result, argsAfter) : "returns" in m && sameValue(result, m.returns)) return m.hint;
    } catch {
      // A predicate that cannot read this result does not match it.
    }
  }
  return undefined;
}

/** Deep equality with numbers compared at a relative tolerance of 1e-9. */
function sameValue(a: unknown, b: unknown): boolean {
  const la = leaves(comparable(a));
  const lb = leaves(comparable(b));
  return la.length === lb.length && la.every(([w, x], i) => w === lb[i][0] && (typeof x === "number" && typeof lb[i][1] === "number" ? sameLeaf(x, lb[i][1], 1e-9 * Math.max(1, Math.abs(lb[i][1] as number))) : Object.is(x, lb[i][1])));
}

/** The numbers of a value (scalar or nested), or undefined when it holds anything else. */
function numbersOf(v: unknown): number[] | undefined {
  const values = leaves(v).map(([, x]) => x);
  return values.every((x) => typeof x === "number") ? (values as number[]) : undefined;
}

/**
 * The factor k with actual = k × expected for every element, when there is one and it is
 * telling: for a single number only whole factors and their inverses (2×, 3×, ½), since any
 * two numbers differ by some factor.
 */
function constantFactor(actual: number[], expected: number[], tol: number): number | undefined {
  const nonzero = expected.findIndex((y) => y !== 0);
  if (nonzero < 0) return undefined;
  const k = actual[nonzero] / expected[nonzero];
  if (!Number.isFinite(k) || k === 0 || Math.abs(k - 1) <= tol || Math.abs(k + 1) <= tol) return undefined;
  if (!expected.every((y, i) => Math.abs(actual[i] - k * y) <= tol * Math.max(1, Math.abs(k * y)))) return undefined;
  const whole = (x: number) => Math.abs(x - Math.round(x)) <= 1e-6 * Math.abs(x) && Math.round(x) >= 2;
  if (expected.filter((y) => y !== 0).length < 2 && !whole(Math.abs(k)) && !whole(1 / Math.abs(k))) return undefined;
  return k;
}

function formatFactor(k: number): string {
  const round = (x: number) => (Math.abs(x - Math.round(x)) < 1e-6 ? String(Math.round(x)) : x.toPrecision(3));
  return Math.abs(k) >= 1 ? `${round(k)}×` : `1/${round(1 / k)} of`;
}
