/**
 * Seeded runs. TensorFlow.js draws initial weights, dropout masks and fit's shuffling from
 * Math.random when no seed is given; replacing Math.random with a seeded generator for the
 * duration of a build or a fit makes the whole run repeat exactly on the same backend.
 */

import { seededRandom } from "../core/random";

export { seededRandom };

/**
 * Runs fn with Math.random seeded, e.g. `const model = withSeed(42, () => buildModel())` so
 * the initial weights are the same every time. Restores Math.random afterwards (also when fn
 * is async: after its promise settles).
 */
export function withSeed<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    Math.random = original;
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => { Math.random = original; }) as T;
  }
  Math.random = original;
  return result;
}
