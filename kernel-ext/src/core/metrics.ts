/**
 * Fraction of predictions equal to the labels (scikit-learn's accuracy_score). NaN when there are
 * no rows: an empty evaluation has no accuracy, and a 0 would read as "all wrong".
 */
export function accuracy(yTrue: ArrayLike<number | string>, yPred: ArrayLike<number | string>): number {
  if (yTrue.length === 0) return NaN;
  let right = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) right++;
  return right / yTrue.length;
}
