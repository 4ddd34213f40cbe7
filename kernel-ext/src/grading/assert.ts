/**
 * Numeric assertions for exercise tests (checks.ts / hidden.ts): they throw an AssertionError
 * whose message says what was expected and what came back.
 */
import assert from "assert";

function show(v: unknown): string {
  return typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v);
}

/** `actual` is a number within `tol` of `expected` (absolute tolerance). */
export function assertClose(actual: unknown, expected: number, tol = 1e-9): void {
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) <= tol, `expected ${expected}, got ${show(actual)}`);
}

/** `actual` is a number within `tol × max(1, |expected|)` of `expected`: absolute near 0, relative for large values. */
export function assertNear(actual: unknown, expected: number, tol = 1e-9): void {
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${show(actual)}`);
}

/** `actual` is an array of `expected.length` numbers, each within `tol` of its expected value. */
export function assertAllClose(actual: unknown, expected: number[], tol = 1e-9): void {
  assert.ok(Array.isArray(actual) && actual.length === expected.length, `expected ${expected.length} numbers, got ${show(actual)}`);
  expected.forEach((e, i) => {
    const a = (actual as unknown[])[i];
    assert.ok(typeof a === "number" && Math.abs(a - e) <= tol, `value ${i}: expected ${e}, got ${show(a)}`);
  });
}
