import { TrainlabError } from "../errors";
import { Estimator, Fitted } from "./estimator";

/** Options of {@link knn}. */
export interface KnnOptions {
  /** Neighbours that vote. Small k follows the training data closely (high capacity); large k smooths. Default 5. */
  k?: number;
}

/**
 * k-nearest-neighbours classifier (scikit-learn's KNeighborsClassifier, uniform weights,
 * Euclidean): a row gets the most common label among its k closest training rows, ties to the
 * smallest label. Its probabilities are the vote shares.
 */
export function knn(options: KnnOptions = {}): Estimator {
  const k = options.k ?? 5;
  return {
    fit(X: number[][], y: number[]): Fitted {
      if (X.length === 0 || X.length !== y.length) {
        throw new TrainlabError(`knn.fit: X has ${X.length} rows and y ${y.length} labels; they must match and be non-empty.`);
      }
      if (!Number.isInteger(k) || k < 1 || k > X.length) {
        throw new TrainlabError(`knn: k must be an integer in [1, ${X.length}] (the training rows); got ${k}.`);
      }
      const nClasses = Math.max(...y) + 1;
      const votes = (row: number[]): number[] => {
        const dist = X.map((r, i) => {
          let s = 0;
          for (let j = 0; j < r.length; j++) s += (r[j] - row[j]) * (r[j] - row[j]);
          return { s, i };
        });
        dist.sort((a, b) => a.s - b.s || a.i - b.i);
        const v = new Array(nClasses).fill(0);
        for (let m = 0; m < k; m++) v[y[dist[m].i]]++;
        return v;
      };
      return {
        predict: (rows) =>
          rows.map((row) => {
            const v = votes(row);
            let best = 0;
            for (let c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
            return best;
          }),
        predictProba: (rows) => rows.map((row) => votes(row).map((c) => c / k)),
      };
    },
  };
}
