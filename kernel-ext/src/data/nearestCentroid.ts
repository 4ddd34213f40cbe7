import { TrainlabError } from "../errors";
import { Estimator, Fitted } from "./estimator";

/**
 * A nearest-centroid classifier (scikit-learn's NearestCentroid, Euclidean): each class is the
 * mean of its training rows; a row gets the class of the closest mean. No training randomness,
 * so results are exactly reproducible — handy for learning curves and cross-validation.
 */
export function nearestCentroid(): Estimator {
  return {
    fit(X: number[][], y: number[]): Fitted {
      if (X.length === 0 || X.length !== y.length) {
        throw new TrainlabError(`nearestCentroid.fit: X has ${X.length} rows and y ${y.length} labels; they must match and be non-empty.`);
      }
      const classes = [...new Set(y)].sort((a, b) => a - b);
      const d = X[0].length;
      const centroids = classes.map((c) => {
        const sum = new Array(d).fill(0);
        let count = 0;
        X.forEach((row, i) => {
          if (y[i] !== c) return;
          count++;
          for (let j = 0; j < d; j++) sum[j] += row[j];
        });
        return sum.map((s) => s / count);
      });
      return {
        predict(rows: number[][]): number[] {
          return rows.map((row) => {
            let best = 0;
            let bestDist = Infinity;
            centroids.forEach((c, k) => {
              let s = 0;
              for (let j = 0; j < d; j++) s += (row[j] - c[j]) * (row[j] - c[j]);
              if (s < bestDist) [best, bestDist] = [k, s];
            });
            return classes[best];
          });
        },
      };
    },
  };
}
