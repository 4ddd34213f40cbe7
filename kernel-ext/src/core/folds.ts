import { TrainlabError } from "../errors";

/** One cross-validation split: row indexes to train on and to test on, ascending. */
export interface Fold {
  train: number[];
  test: number[];
}

/**
 * K consecutive folds of rows 0..n-1 without shuffling; the first n % k folds get one extra
 * row. Same indices as scikit-learn's KFold(n_splits=k, shuffle=False).
 */
export function kFold(n: number, k = 5): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new TrainlabError(`kFold: k must be an integer of at least 2 (got ${k}).`);
  if (k > n) throw new TrainlabError(`kFold: cannot make ${k} folds of ${n} rows; use k <= ${n}.`);
  const folds: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    const test = range(start, start + size);
    folds.push({ test, train: [...range(0, start), ...range(start + size, n)] });
    start += size;
  }
  return folds;
}

/**
 * K folds that keep each class's share in every test fold, without shuffling. Same indices as
 * scikit-learn's StratifiedKFold(n_splits=k, shuffle=False): classes are numbered by first
 * appearance, fold sizes per class come from dealing the sorted labels round-robin, and each
 * class's rows go to folds in blocks, in their original order.
 */
export function stratifiedKFold(y: ArrayLike<number | string>, k = 5): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new TrainlabError(`stratifiedKFold: k must be an integer of at least 2 (got ${k}).`);
  const n = y.length;
  const order = new Map<number | string, number>();
  const encoded = Array.from(y, (v) => {
    if (!order.has(v)) order.set(v, order.size);
    return order.get(v) as number;
  });
  const nClasses = order.size;
  const counts = new Array(nClasses).fill(0);
  encoded.forEach((c) => counts[c]++);
  if (counts.every((c) => k > c)) {
    throw new TrainlabError(`stratifiedKFold: k=${k} is more than the number of rows in every class (${counts.join(", ")}); use fewer folds.`);
  }
  const sorted = encoded.slice().sort((a, b) => a - b);
  // allocation[f][c]: rows of class c in test fold f (sorted labels dealt round-robin).
  const allocation = Array.from({ length: k }, () => new Array(nClasses).fill(0));
  sorted.forEach((c, i) => allocation[i % k][c]++);
  const testFold = new Array(n).fill(0);
  for (let c = 0; c < nClasses; c++) {
    const blocks: number[] = [];
    for (let f = 0; f < k; f++) for (let r = 0; r < allocation[f][c]; r++) blocks.push(f);
    let next = 0;
    for (let i = 0; i < n; i++) if (encoded[i] === c) testFold[i] = blocks[next++];
  }
  return Array.from({ length: k }, (_, f) => ({
    train: range(0, n).filter((i) => testFold[i] !== f),
    test: range(0, n).filter((i) => testFold[i] === f),
  }));
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}

/** Picks `indexes` out of an array (rows of X, labels of y): `take(X, train)`. */
export function take<T>(items: ArrayLike<T>, indexes: readonly number[]): T[] {
  return indexes.map((i) => items[i]);
}
