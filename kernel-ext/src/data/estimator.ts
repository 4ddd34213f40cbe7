// The estimator protocol lives in the core; re-exported here where data/ and overfit/ import it.
export type { Estimator, Fitted } from "../core/protocols";

/** Fraction of predictions equal to the labels. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length === 0) return NaN;
  let right = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) right++;
  return right / yTrue.length;
}
