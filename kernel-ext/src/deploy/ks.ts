import { TrainlabError } from "../errors";

/** Options for {@link ksTwoSample}. */
export interface KsOptions {
  /**
   * How the p-value is computed, as scipy.stats.ks_2samp's `method`: "exact" counts lattice paths;
   * "asymp" uses the distribution of the one-sample statistic with n = m·n/(m+n); "auto" (default) is
   * exact when both samples have at most 10,000 values.
   */
  method?: "auto" | "exact" | "asymp";
}

/** The two-sample Kolmogorov–Smirnov test's result. */
export interface KsResult {
  /** The largest distance between the two empirical CDFs. */
  statistic: number;
  /** Probability of a distance at least this large if both samples came from one distribution (two-sided). */
  pValue: number;
  /** The method actually used ("exact" can fall back to "asymp", as in scipy). */
  method: "exact" | "asymp";
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test with scipy.stats.ks_2samp's definitions (scipy 1.10):
 * the statistic is max |F1 − F2| over the pooled values, the exact p-value follows Hodges' lattice-path
 * method (the "inside" recursion for unequal sizes), and the asymptotic one is kstwo.sf(D, round(mn/(m+n))).
 * ±Infinity are values like any other (as in scipy); a NaN is refused with an error, where scipy
 * (nan_policy "propagate") would return NaN.
 */
export function ksTwoSample(sample1: ArrayLike<number>, sample2: ArrayLike<number>, options: KsOptions = {}): KsResult {
  const method = options.method ?? "auto";
  if (!["auto", "exact", "asymp"].includes(method)) throw new TrainlabError(`method must be "auto", "exact" or "asymp" (got "${method}").`);
  const a = _sorted(sample1, "first");
  const b = _sorted(sample2, "second");
  const n1 = a.length;
  const n2 = b.length;
  let d = ksStatistic(a, b);
  const g = _gcd(n1, n2);
  let mode: "exact" | "asymp" = method === "auto" ? (Math.max(n1, n2) <= 10000 ? "exact" : "asymp") : method;
  if (mode === "exact" && n1 / g >= 2147483647 / (n2 / g)) mode = "asymp";
  let p = NaN;
  if (mode === "exact") {
    const lcm = (n1 / g) * n2;
    const h = _roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) p = 1;
    else p = n1 === n2 ? _probOutsideSquare(n1, h) : _outerProbInside(n1, n2, g, h);
    if (!(p >= 0 && p <= 1)) mode = "asymp";
  }
  if (mode === "asymp") {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    p = kolmogorovSf(_roundHalfEven((m * n) / (m + n)), d);
  }
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)), method: mode };
}

/** max |F1(x) − F2(x)| for two sorted samples, evaluated as scipy does (right-continuous CDFs at every pooled value). */
export function ksStatistic(sorted1: ArrayLike<number>, sorted2: ArrayLike<number>): number {
  const n1 = sorted1.length;
  const n2 = sorted2.length;
  let i = 0;
  let j = 0;
  let maxDiff = 0;
  let minDiff = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && sorted1[i] <= sorted2[j]) ? sorted1[i] : sorted2[j];
    while (i < n1 && sorted1[i] <= v) i++;
    while (j < n2 && sorted2[j] <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
  }
  return Math.max(maxDiff, Math.min(1, -minDiff));
}

/** P(D_{n,n} ≥ h/n): 2·(A0 − A0·A1 + …) evaluated Horner-style to avoid cancellation. */
function _probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * Share of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm(m,n),
 * computed column by column as 1 − (inside share) directly (Viehmann's stable variant of Hodges).
 */
function _outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let k = minj; k < maxj; k++) A[k] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) for (let k = maxj - minj; k < maxj - minj + (lastlen - curlen); k++) A[k] = 1;
  }
  return A[maxj - minj - 1];
}

// ---------------------------------------------------------------------------------------------
// The two-sided one-sample Kolmogorov distribution, P(D_n ≥ x), as scipy.stats.kstwo.sf
// (Simard & L'Ecuyer 2011's choice of algorithm per region).

const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const E128 = 2 ** 128;

/** P(D_n ≥ x) for the two-sided one-sample Kolmogorov–Smirnov statistic with n observations. */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    } else cdf = Math.exp(_logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return _clip(1 - cdf);
  }
  if (t >= n - 1) return _clip(2 * (1 - x) ** n);
  if (x >= 0.5) return _clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    // scipy uses Durbin's matrix below 0.754693 and Pomeranz's recursion up to 4; both are exact,
    // so Durbin's matrix (cheap at these sizes) serves the whole range.
    if (nx2 <= 4) return _clip(1 - _durbinCdf(n, x));
    return _clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return _clip(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? _durbinCdf(n, x) : _pelzGoodCdf(n, x);
  return _clip(1 - cdf);
}

/**
 * P(D_n^+ ≥ x), the one-sided Smirnov tail (scipy.stats.ksone.sf(x, n); 1 − x when n = 1), by the Birnbaum–Tingey sum
 * x · Σ_{j=0}^{⌊n(1−x)⌋} C(n,j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1}, summed in log space.
 */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x) + 1e-12);
  const logs: number[] = [];
  let logC = 0;
  for (let j = 0; j <= last; j++) {
    if (j > 0) logC += Math.log((n - j + 1) / j);
    const u = 1 - x - j / n;
    if (u <= 0) break;
    logs.push(logC + (n - j) * Math.log(u) + (j - 1) * Math.log(x + j / n));
  }
  const top = Math.max(...logs);
  let s = 0;
  for (const l of logs) s += Math.exp(l - top);
  return _clip(x * Math.exp(top) * s);
}

/** Durbin's matrix method (Marsaglia–Tsang–Wang): P(D_n < d) = n!/n^n · (H^n)_{kk}, with scaling. */
function _durbinCdf(n: number, d: number): number {
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];
  let P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let nn = n;
  let pExp = 0;
  let hExp = 0;
  while (nn > 0) {
    if (nn % 2) {
      P = _matmul(P, H, m);
      pExp += hExp;
    }
    H = _matmul(H, H, m);
    hExp *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > E128) {
      for (let i = 0; i < H.length; i++) H[i] /= E128;
      hExp += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < 1 / E128) {
      p *= E128;
      pExp -= 128;
    }
  }
  return _clip(p * 2 ** pExp);
}

/** Pelz–Good asymptotic series for P(D_n ≤ x). */
function _pelzGoodCdf(n: number, x: number): number {
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = q ** (8 * k);
    const c = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qp + c[i];
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / div[i];
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const qk = q ** (k * k);
    k2extra += k * k * qk;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k * k * qk;
  }
  K[2] += (k2extra * PI2 * SQRT2PI) / (-36 * z2 * z);
  K[3] += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / n ** (i / 2);
  return sum;
}

/** log(n! / n^n) by Stirling's series with n·log(n) removed up front. */
function _logFactorialOverPower(n: number): number {
  const coeffs = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2];
  const rn = 1 / n;
  let poly = 0;
  for (const c of coeffs) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
}

function _matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
    }
  }
  return out;
}

function _clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

function _gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function _roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function _sorted(values: ArrayLike<number>, name: string): Float64Array {
  if (values.length === 0) throw new TrainlabError(`The ${name} sample is empty; the KS test needs at least one value in each.`);
  const out = Float64Array.from(values as ArrayLike<number>);
  // ±Infinity are ordered like any value, as scipy does; NaN has no place in the order (scipy's answer would be NaN).
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i])) throw new TrainlabError(`The ${name} sample has a missing value (NaN) at index ${i}; drop or impute missing values first.`);
  }
  return out.sort();
}
