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
 * A column is taken as a linear combination of the columns before it when what is left of it,
 * after centring, scaling to unit length and projecting those out, is shorter than this.
 */
export const COLLINEAR_TOLERANCE = 1e-10;

/**
 * Least-squares linear regression with an intercept (scikit-learn 1.2's LinearRegression; Ridge
 * when `l2` > 0). Each column is centred and scaled to unit length, then the least-squares problem
 * is solved by Householder QR with column pivoting, so huge offsets (1e6 + x) and tiny scales
 * (1e-7·x) are as accurate as well-scaled data. Unlike scikit-learn, which returns its
 * minimum-norm answer, collinear columns (a constant column, a copy, a sum of others) are refused
 * with an error naming them, unless `l2` > 0 makes the answer unique. Squared error lets a few
 * extreme targets pull the whole line — which is what the outlier lesson shows.
 */
export function linearRegression(options: LinearRegressionOptions = {}): Estimator & { fit(X: number[][], y: number[]): LinearModel } {
  const l2 = options.l2 ?? 0;
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new TrainlabError(`linearRegression: l2 must be a finite number >= 0 (got ${l2}).`);
  return {
    fit(X: number[][], y: number[]): LinearModel {
      const { n, d } = _checkXy(X, y);
      const xMean = new Array(d).fill(0);
      for (const row of X) for (let j = 0; j < d; j++) xMean[j] += row[j];
      for (let j = 0; j < d; j++) xMean[j] /= n;
      const yMean = y.reduce((s, v) => s + v, 0) / n;
      // Centred columns, each scaled to unit length (a constant column stays all zeros, scale 0).
      const cols = Array.from({ length: d }, (_, j) => Float64Array.from(X, (row) => row[j] - xMean[j]));
      const scale = cols.map((c, j) => (X.every((row) => row[j] === X[0][j]) ? 0 : _norm(c)));
      cols.forEach((c, j) => scale[j] > 0 && c.forEach((v, i) => (c[i] = v / scale[j])));
      const rhs = Float64Array.from(y, (v) => v - yMean);
      let gamma: number[];
      if (l2 > 0) {
        // Ridge as least squares on rows appended below the data: √l2 · β_j = √l2 / scale_j · γ_j.
        const aug = cols.map((c, j) => {
          const out = new Float64Array(n + d);
          out.set(c);
          out[n + j] = scale[j] > 0 ? Math.sqrt(l2) / scale[j] : 1;
          return out;
        });
        const b = new Float64Array(n + d);
        b.set(rhs);
        gamma = solveLeastSquares(aug, b).solution;
      } else {
        const constant = scale.flatMap((s, j) => (s === 0 ? [j] : []));
        if (constant.length) {
          throw new TrainlabError(
            `linearRegression: column${constant.length > 1 ? "s" : ""} ${constant.join(", ")} ${constant.length > 1 ? "are" : "is"} constant, ` +
              "so collinear with the intercept; drop it, or set l2 > 0.",
          );
        }
        const { solution, dependent } = solveLeastSquares(cols, rhs);
        if (dependent.length) {
          throw new TrainlabError(
            `linearRegression: the features are linearly dependent: column${dependent.length > 1 ? "s" : ""} ${dependent.map((e) => e.column).join(", ")} ` +
              `${dependent.length > 1 ? "are combinations" : "is a combination"} of column${dependent[0].of.length > 1 ? "s" : ""} ${dependent[0].of.join(", ")} ` +
              "(a duplicated or derived column); drop one, or set l2 > 0.",
          );
        }
        gamma = solution;
      }
      const coefficients = gamma.map((g, j) => (scale[j] > 0 ? g / scale[j] : 0));
      const intercept = yMean - coefficients.reduce((s, c, j) => s + c * xMean[j], 0);
      return {
        intercept,
        coefficients,
        predict: (rows: number[][]) => rows.map((r) => r.reduce((s, v, j) => s + v * coefficients[j], intercept)),
      };
    },
  };
}

/** What {@link solveLeastSquares} found. */
export interface LeastSquares {
  /** The coefficients, one per column (0 for a dependent column). */
  solution: number[];
  /** Columns within {@link COLLINEAR_TOLERANCE} of the span of the columns in `of`. */
  dependent: { column: number; of: number[] }[];
}

/**
 * min ‖A·x − b‖ for A given by unit-length columns, by Householder QR with column pivoting
 * (Golub & Van Loan, Alg. 5.4.1): the column with the most left after the previous reflections
 * goes next, and the columns still under the tolerance when none is larger are the dependent ones.
 */
export function solveLeastSquares(columns: Float64Array[], b: Float64Array): LeastSquares {
  const d = columns.length;
  const m = b.length;
  const A = columns.map((c) => Float64Array.from(c));
  const rhs = Float64Array.from(b);
  const norms = A.map(_norm);
  const order = Array.from({ length: d }, (_, j) => j);
  let rank = 0;
  for (let k = 0; k < d; k++) {
    // Pivot: the remaining column with the largest norm below row k (recomputed: d is small).
    let best = k;
    let bestNorm = -1;
    for (let j = k; j < d; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += A[j][i] * A[j][i];
      const r = Math.sqrt(s);
      if (r > bestNorm) [best, bestNorm] = [j, r];
    }
    if (bestNorm <= COLLINEAR_TOLERANCE * Math.max(norms[order[best]], 1e-300)) break;
    [A[k], A[best]] = [A[best], A[k]];
    [order[k], order[best]] = [order[best], order[k]];
    // Householder reflection zeroing A[k][k+1..m).
    const col = A[k];
    const alpha = col[k] > 0 ? -bestNorm : bestNorm;
    const v = new Float64Array(m);
    v[k] = col[k] - alpha;
    for (let i = k + 1; i < m; i++) v[i] = col[i];
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i] * v[i];
    if (vv > 0) {
      const reflect = (x: Float64Array) => {
        let s = 0;
        for (let i = k; i < m; i++) s += v[i] * x[i];
        const f = (2 * s) / vv;
        for (let i = k; i < m; i++) x[i] -= f * v[i];
      };
      for (let j = k; j < d; j++) reflect(A[j]);
      reflect(rhs);
    }
    rank++;
  }
  const x = new Array(d).fill(0);
  for (let k = rank - 1; k >= 0; k--) {
    let s = rhs[k];
    for (let j = k + 1; j < rank; j++) s -= A[j][k] * x[order[j]];
    x[order[k]] = s / A[k][k];
  }
  const kept = order.slice(0, rank).sort((p, q) => p - q);
  const dependent = order.slice(rank).sort((p, q) => p - q).map((column) => ({ column, of: kept }));
  return { solution: x, dependent };
}

function _norm(c: Float64Array): number {
  let s = 0;
  for (const v of c) s += v * v;
  return Math.sqrt(s);
}

function _checkXy(X: number[][], y: number[]): { n: number; d: number } {
  const n = X?.length ?? 0;
  if (n === 0 || n !== y?.length) {
    throw new TrainlabError(`linearRegression.fit: X has ${n} rows and y ${y?.length} values; they must match and be non-empty.`);
  }
  const d = X[0].length;
  X.forEach((row, i) => {
    if (row.length !== d) throw new TrainlabError(`linearRegression.fit: row ${i} of X has ${row.length} values, row 0 has ${d}; every row needs one value per feature.`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new TrainlabError(`linearRegression.fit: X[${i}][${j}] is ${v}; impute or drop missing and infinite values first.`);
    });
    if (!Number.isFinite(y[i])) throw new TrainlabError(`linearRegression.fit: y[${i}] is ${y[i]}; impute or drop missing and infinite targets first.`);
  });
  return { n, d };
}
