import { TrainlabError } from "../errors";
import { Estimator, Fitted } from "./estimator";

/** Options of {@link linearRegression}. */
export interface LinearRegressionOptions {
  /** Ridge penalty on the coefficients (not the intercept): l2 · Σβ². Default 0 (ordinary least squares). */
  l2?: number;
}

/** A fitted linear model: `predict` gives y = intercept + Σ coefficients·x. */
export interface LinearModel extends Fitted {
  intercept: number;
  coefficients: number[];
}

/**
 * Least-squares linear regression with an intercept (scikit-learn's LinearRegression; Ridge
 * when `l2` > 0), solved exactly from the normal equations. Squared error lets a few extreme
 * targets pull the whole line — which is what the outlier lesson shows.
 */
export function linearRegression(options: LinearRegressionOptions = {}): Estimator & { fit(X: number[][], y: number[]): LinearModel } {
  const l2 = options.l2 ?? 0;
  return {
    fit(X: number[][], y: number[]): LinearModel {
      const n = X.length;
      if (n === 0 || n !== y.length) throw new TrainlabError(`linearRegression.fit: X has ${n} rows and y ${y.length} values; they must match and be non-empty.`);
      const d = X[0].length + 1;
      // Normal equations A·β = b on [1, x] rows; l2 added to the diagonal except the intercept's.
      const A = Array.from({ length: d }, () => new Array(d + 1).fill(0));
      for (let i = 0; i < n; i++) {
        const row = [1, ...X[i]];
        for (let a = 0; a < d; a++) {
          A[a][d] += row[a] * y[i];
          for (let b = 0; b < d; b++) A[a][b] += row[a] * row[b];
        }
      }
      for (let a = 1; a < d; a++) A[a][a] += l2;
      const beta = solve(A);
      const model: LinearModel = {
        intercept: beta[0],
        coefficients: beta.slice(1),
        predict: (rows: number[][]) => rows.map((r) => r.reduce((s, v, j) => s + v * beta[j + 1], beta[0])),
      };
      return model;
    },
  };
}

/** Gauss-Jordan elimination with partial pivoting on an augmented d x (d+1) matrix. */
function solve(M: number[][]): number[] {
  const d = M.length;
  for (let i = 0; i < d; i++) {
    let p = i;
    for (let k = i + 1; k < d; k++) if (Math.abs(M[k][i]) > Math.abs(M[p][i])) p = k;
    if (Math.abs(M[p][i]) < 1e-12) {
      throw new TrainlabError("linearRegression: the features are linearly dependent (e.g. a constant or duplicated column); drop one or set l2 > 0.");
    }
    [M[i], M[p]] = [M[p], M[i]];
    for (let k = 0; k < d; k++) {
      if (k === i) continue;
      const f = M[k][i] / M[i][i];
      for (let j = i; j <= d; j++) M[k][j] -= f * M[i][j];
    }
  }
  return M.map((r, i) => r[d] / r[i]);
}
