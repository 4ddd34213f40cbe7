import { TrainlabError } from "../errors";
import { Predictor, predictMatrix, _checkRows, _outputColumn } from "./predict";
import { escapeHtml } from "../core/html";
import { mean } from "../core/stats";
import { _featureNames } from "./util";
import { seededRandom, shuffleInPlace } from "../core/random";

/** Options of {@link kernelShap}. */
export interface KernelShapOptions {
  /**
   * Rows standing for "feature unknown": a missing feature takes each background row's value
   * and the predictions are averaged. One row (e.g. the mean) is fastest. Required.
   */
  background: number[][];
  /**
   * Budget of coalitions per explained row. When all 2^d − 2 coalitions fit, all are used and
   * the answer is exact; otherwise coalitions are sampled from the Shapley kernel. Default 2048.
   */
  nSamples?: number;
  /** Seed for sampling coalitions. Default 0. */
  seed?: number;
  /** Which output column to explain (default: the only one, or column 1 of two). */
  output?: number;
  /** Names shown in tables and plots. Default "x0", "x1", … */
  featureNames?: string[];
}

/** What {@link kernelShap} found. */
export interface KernelShapResult {
  featureNames: string[];
  /** `values[i][j]`: feature j's share of (prediction for row i − baseValue). */
  values: number[][];
  /** Mean prediction over the background rows, E[f]. */
  baseValue: number;
  /** Prediction for each explained row; baseValue + Σ values[i] equals it (efficiency). */
  prediction: number[];
  /** True when every coalition was evaluated (no sampling error). */
  exact: boolean;
  /** Row i's explanation as an HTML table, largest |value| first. */
  toHTML(row?: number): string;
}

/**
 * KernelSHAP (Lundberg & Lee, 2017) for any predict function: evaluate the model on
 * coalitions of features (present = the explained row's value, absent = background values),
 * weight each by the Shapley kernel (d − 1) / (C(d, s) · s · (d − s)), and solve the weighted
 * least squares with the efficiency constraint Σφ = f(x) − E[f]. For a linear model
 * f(x) = β·x + c it returns φ_j = β_j (x_j − mean of background_j) exactly. As in shap's
 * KernelExplainer, a feature equal to its value in every background row (e.g. a constant
 * column) gets exactly 0 and is left out of the coalitions; equality here is exact, where shap's
 * np.isclose would also leave out 1e6 + 0.5 against a background of 1e6.
 */
export function kernelShap(predict: Predictor, X: number[][], options: KernelShapOptions): KernelShapResult {
  const what = "kernelShap";
  const d = _checkRows(X, what);
  const background = options?.background;
  if (!Array.isArray(background) || background.length === 0 || _checkRows(background, what) !== d) {
    throw new TrainlabError(`${what}: options.background must be rows with the same ${d} features as X (try [column means]).`);
  }
  if (d < 2) throw new TrainlabError(`${what}: needs at least 2 features; with one, its value is simply f(x) − E[f].`);
  const names = _featureNames(options.featureNames, d, what);
  const nSamples = options.nSamples ?? 2048;
  const random = seededRandom(options.seed ?? 0);

  const bgOut = predictMatrix(predict, background);
  const col = _outputColumn(bgOut[0].length, options.output, what);
  const baseValue = mean(bgOut.map((r) => r[col]));
  const fx = predictMatrix(predict, X).map((r) => r[col]);

  let exact = true;
  const values: number[][] = [];
  for (let i = 0; i < X.length; i++) {
    // As shap's KernelExplainer: a feature whose value equals every background value cannot move
    // the model, so it gets φ = 0 and the coalitions run over the others (shap compares with
    // np.isclose, which calls 1e6 + 0.5 and 1e6 equal; Trainlab compares exactly).
    const varying = Array.from({ length: d }, (_, j) => j).filter((j) => background.some((b) => b[j] !== X[i][j]));
    const phi = new Array(d).fill(0);
    const delta = fx[i] - baseValue;
    if (varying.length === 1) phi[varying[0]] = delta;
    if (varying.length >= 2) {
      const m = varying.length;
      const rowExact = Math.pow(2, m) - 2 <= nSamples;
      exact &&= rowExact;
      const { masks, weights } = rowExact ? _allCoalitions(m) : _sampleCoalitions(m, nSamples, random);
      const full = masks.map((mask) => {
        const out = new Uint8Array(d).fill(1);
        varying.forEach((j, k) => (out[j] = mask[k]));
        return out;
      });
      const fz = _coalitionValues(predict, X[i], background, full, col);
      _solveConstrained(masks, weights, fz, baseValue, delta, m).forEach((v, k) => (phi[varying[k]] = v));
    }
    values.push(phi);
  }
  return {
    featureNames: names,
    values,
    baseValue,
    prediction: fx,
    exact,
    toHTML: (row = 0) => {
      const v = values[row];
      const order = v.map((_, j) => j).sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]));
      return (
        `<table><thead><tr><th>feature</th><th>value</th><th>SHAP</th></tr></thead><tbody>` +
        `<tr><td>E[f] (base)</td><td></td><td>${baseValue.toFixed(4)}</td></tr>` +
        order.map((j) => `<tr><td>${escapeHtml(names[j])}</td><td>${X[row][j]}</td><td>${v[j].toFixed(4)}</td></tr>`).join("") +
        `<tr><td>f(x)</td><td></td><td>${fx[row].toFixed(4)}</td></tr></tbody></table>`
      );
    },
  };
}

/** The Shapley kernel weight of a coalition of size s among d features. */
export function shapleyKernelWeight(d: number, s: number): number {
  if (s <= 0 || s >= d) return Infinity;
  return (d - 1) / (_binomial(d, s) * s * (d - s));
}

function _binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

function _allCoalitions(d: number): { masks: Uint8Array[]; weights: number[] } {
  const masks: Uint8Array[] = [];
  const weights: number[] = [];
  for (let code = 1; code < 2 ** d - 1; code++) {
    const m = new Uint8Array(d);
    let s = 0;
    for (let j = 0; j < d; j++) if ((code >> j) & 1) { m[j] = 1; s++; }
    masks.push(m);
    weights.push(shapleyKernelWeight(d, s));
  }
  return { masks, weights };
}

// As the shap package does: coalition sizes carry most kernel mass at the ends (1 and d − 1),
// so whole sizes are enumerated from the ends inward while the budget allows, each coalition with
// its kernel weight; the rest of the budget samples the remaining sizes in proportion to their
// mass (members uniformly, each draw paired with its complement), sharing that remaining mass.
function _sampleCoalitions(d: number, nSamples: number, random: () => number): { masks: Uint8Array[]; weights: number[] } {
  const masks: Uint8Array[] = [];
  const weights: number[] = [];
  const sizeMass = (s: number) => (d - 1) / (s * (d - s));
  let k = 1;
  for (; k <= d - 1 - k; k++) {
    const count = _binomial(d, k) * (k === d - k ? 1 : 2);
    if (masks.length + count > nSamples) break;
    for (const m of _subsetsOfSize(d, k)) {
      masks.push(m);
      weights.push(shapleyKernelWeight(d, k));
      if (k !== d - k) {
        masks.push(m.map((v) => 1 - v));
        weights.push(shapleyKernelWeight(d, d - k));
      }
    }
  }
  const rest = Array.from({ length: d - 1 - 2 * (k - 1) }, (_, i) => k + i); // sizes k … d − k
  if (rest.length === 0) return { masks, weights };
  const restMass = rest.reduce((a, s) => a + sizeMass(s), 0);
  const idx = Array.from({ length: d }, (_, j) => j);
  const start = masks.length;
  while (masks.length < Math.max(nSamples, start + 2)) {
    let u = random() * restMass;
    let r = 0;
    while (r < rest.length - 1 && u > sizeMass(rest[r])) { u -= sizeMass(rest[r]); r++; }
    shuffleInPlace(idx, random);
    const m = new Uint8Array(d);
    for (let q = 0; q < rest[r]; q++) m[idx[q]] = 1;
    masks.push(m, m.map((v) => 1 - v));
  }
  const each = restMass / (masks.length - start);
  for (let q = start; q < masks.length; q++) weights.push(each);
  return { masks, weights };
}

function* _subsetsOfSize(d: number, k: number): Generator<Uint8Array> {
  const pick = Array.from({ length: k }, (_, i) => i);
  while (true) {
    const m = new Uint8Array(d);
    for (const j of pick) m[j] = 1;
    yield m;
    let i = k - 1;
    while (i >= 0 && pick[i] === d - k + i) i--;
    if (i < 0) return;
    pick[i]++;
    for (let q = i + 1; q < k; q++) pick[q] = pick[q - 1] + 1;
  }
}

// One predict call per chunk of rows: every coalition mixed with every background row.
function _coalitionValues(predict: Predictor, x: number[], background: number[][], masks: Uint8Array[], col: number): number[] {
  const nb = background.length;
  const perChunk = Math.max(1, Math.floor(20000 / nb));
  const out: number[] = [];
  for (let start = 0; start < masks.length; start += perChunk) {
    const chunk = masks.slice(start, start + perChunk);
    const rows: number[][] = [];
    for (const m of chunk) for (const b of background) rows.push(b.map((v, j) => (m[j] ? x[j] : v)));
    const pred = predictMatrix(predict, rows);
    for (let c = 0; c < chunk.length; c++) {
      let s = 0;
      for (let k = 0; k < nb; k++) s += pred[c * nb + k][col];
      out.push(s / nb);
    }
  }
  return out;
}

// Eliminate φ_last = delta − Σ others, then solve the (d−1)-dimensional weighted normal equations.
function _solveConstrained(masks: Uint8Array[], weights: number[], fz: number[], base: number, delta: number, d: number): number[] {
  const p = d - 1;
  const A = Array.from({ length: p }, () => new Float64Array(p));
  const rhs = new Float64Array(p);
  const a = new Float64Array(p);
  for (let z = 0; z < masks.length; z++) {
    const m = masks[z];
    const last = m[p];
    for (let j = 0; j < p; j++) a[j] = m[j] - last;
    const t = fz[z] - base - last * delta;
    const w = weights[z];
    for (let j = 0; j < p; j++) {
      if (a[j] === 0) continue;
      rhs[j] += w * a[j] * t;
      for (let k = 0; k < p; k++) A[j][k] += w * a[j] * a[k];
    }
  }
  const phi = _solveLinear(A, rhs);
  phi.push(delta - phi.reduce((s, v) => s + v, 0));
  return phi;
}

/** Gaussian elimination with partial pivoting; a tiny ridge keeps a sampled, rank-poor system solvable. */
function _solveLinear(A: Float64Array[], b: Float64Array): number[] {
  const n = b.length;
  const M = A.map((row, i) => {
    const r = Array.from(row);
    r[i] += 1e-12 * (1 + Math.abs(row[i]));
    r.push(b[i]);
    return r;
  });
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    const diag = M[c][c];
    if (diag === 0) continue;
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / diag;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = M[r][r] === 0 ? 0 : s / M[r][r];
  }
  return x;
}
