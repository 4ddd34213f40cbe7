/**
 * Seeded runs. TensorFlow.js draws initial weights, dropout masks and fit's shuffling from
 * Math.random when no seed is given; replacing Math.random with a seeded generator for the
 * duration of a build or a fit makes the whole run repeat exactly on the same backend.
 */

import { seededRandom } from "../core/random";

export { seededRandom };

/** The seeded generators of the runs in progress, oldest first, and the Math.random before them. */
const active: (() => number)[] = [];
let unseeded: () => number = Math.random;

/**
 * Runs fn with Math.random seeded, e.g. `const model = withSeed(42, () => buildModel())` so
 * the initial weights are the same every time. Restores Math.random afterwards (also when fn
 * is async: after its promise settles). Runs may overlap (two async fits at once): each one's
 * end hands Math.random to the newest run still going, and the last one to end puts back the
 * Math.random from before the first — never a finished run's generator. (Overlapping runs share
 * one Math.random, so they no longer repeat exactly; one run at a time does.)
 */
export function withSeed<T>(seed: number, fn: () => T): T {
  if (active.length === 0) unseeded = Math.random;
  const generator = seededRandom(seed);
  active.push(generator);
  Math.random = generator;
  const end = () => {
    active.splice(active.indexOf(generator), 1);
    Math.random = active.length > 0 ? active[active.length - 1] : unseeded;
  };
  let result: T;
  try {
    result = fn();
  } catch (error) {
    end();
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(end) as T;
  }
  end();
  return result;
}
