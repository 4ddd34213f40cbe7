/**
 * Numeric assertions for exercise tests (checks.ts / hidden.ts): they throw an AssertionError
 * whose message says what was expected and what came back, and which carries `actual` and
 * `expected` so that `check` can recognise the mistake (wrong sign, constant factor, …).
 */
import assert from "assert";
import { describeDifference, show } from "./difference";

/** `actual` is a number within `tol` of `expected` (absolute tolerance). */
export function assertClose(actual: unknown, expected: number, tol = 1e-9): void {
  if (typeof actual === "number" && Math.abs(actual - expected) <= tol) return;
  fail(actual, expected, `expected ${expected}, got ${show(actual)}`, "assertClose");
}

/** `actual` is a number within `tol × max(1, |expected|)` of `expected`: absolute near 0, relative for large values. */
export function assertNear(actual: unknown, expected: number, tol = 1e-9): void {
  if (typeof actual === "number" && Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected))) return;
  fail(actual, expected, `expected ${expected}, got ${show(actual)}`, "assertNear");
}

/** `actual` is an array of `expected.length` numbers, each within `tol` of its expected value. */
export function assertAllClose(actual: unknown, expected: number[], tol = 1e-9): void {
  const values = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<number>) : actual;
  if (!Array.isArray(values)) fail(actual, expected, `expected an array of ${expected.length} numbers, got ${show(actual)}`, "assertAllClose");
  const ok = values.length === expected.length && expected.every((e, i) => typeof values[i] === "number" && Math.abs(values[i] - e) <= tol);
  if (!ok) fail(values, expected, describeDifference(values, expected, { tol }), "assertAllClose");
}

function fail(actual: unknown, expected: unknown, message: string, operator: string): never {
  throw new assert.AssertionError({ actual, expected, message, operator });
}

/**
 * The learner's function left its arguments as they were: `argsAfter` (the second argument of a
 * test's `expect`) deep-equals `original` (the test's `args`, which the function never touches:
 * it gets a copy). Name the arguments to say which one changed.
 */
export function assertUnchanged(argsAfter: unknown[] | undefined, original: unknown[], names: string[] = []): void {
  if (!Array.isArray(argsAfter)) fail(argsAfter, original, "the arguments after the call are not available: run this test through lab.check or trainlab grade", "assertUnchanged");
  original.forEach((want, i) => {
    const difference = describeDifference(argsAfter[i], want);
    if (difference) {
      const which = names[i] ? `${names[i]} (argument ${i + 1})` : `argument ${i + 1}`;
      fail(argsAfter[i], want, `your function changed ${which}, which it must leave as it was: work on a copy ([...values], values.map(…)).\n${difference}`, "assertUnchanged");
    }
  });
}
