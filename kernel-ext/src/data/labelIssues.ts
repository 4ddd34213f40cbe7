import { TrainlabError } from "../errors";
import { argmax } from "./logisticRegression";

/** Options of {@link findLabelIssues}. */
export interface LabelIssueOptions {
  /** Classes with at most this many examples are never pruned (cleanlab's min_examples_per_class). Default 1. */
  minExamplesPerClass?: number;
}

/** What {@link findLabelIssues} found. */
export interface LabelIssues {
  /** True for each example whose given label is probably wrong. */
  mask: boolean[];
  /** Indexes of the flagged examples, most suspicious first (lowest self-confidence: p(given label)). */
  indices: number[];
  /** Per-class threshold: the mean predicted probability of class k over examples labelled k. */
  thresholds: number[];
  /** The calibrated confident joint: [given label][true label] counts, summing to the number of examples. */
  confidentJoint: number[][];
}

/**
 * Confident learning (Northcutt, Jiang & Chuang, JAIR 2021): finds examples whose label is
 * probably wrong from out-of-sample predicted probabilities. Follows cleanlab v2.9.0's
 * `filter.find_label_issues(labels, pred_probs, filter_by="prune_by_noise_rate")`:
 * per-class thresholds = mean self-confidence; the confident joint counts each example under
 * (given label, the class it confidently belongs to), then is calibrated to the label counts;
 * for every off-diagonal cell (given k, true j) the examples labelled k with the largest margin
 * p(j) - p(k) are pruned, exactly as many as the cell counts (on equal margins the earlier
 * example goes first: cleanlab's numpy argsort does the same on small classes, but does not
 * promise it on large ones); finally no example is flagged whose given label is the model's
 * prediction once 1e-6 is added to the given label's probability (ties go to the given label).
 * A class with no examples is allowed (cleanlab gives it threshold 2, so nothing is counted
 * into it); fewer than two classes in `labels` is an error, as in cleanlab.
 *
 * @param labels given class of each example, 0..K-1
 * @param predProbs out-of-fold probabilities, one row of K per example (e.g. crossValPredictProba)
 */
export function findLabelIssues(labels: ArrayLike<number>, predProbs: readonly (readonly number[])[], options: LabelIssueOptions = {}): LabelIssues {
  const n = labels.length;
  if (n === 0 || predProbs.length !== n) {
    throw new TrainlabError(`findLabelIssues: got ${n} labels and ${predProbs.length} rows of probabilities; they must match and be non-empty.`);
  }
  const K = predProbs[0].length;
  const minPerClass = options.minExamplesPerClass ?? 1;
  const counts = new Array(K).fill(0);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0 || l >= K) {
      throw new TrainlabError(`findLabelIssues: label ${i} is ${l}; labels must be class indexes 0..${K - 1} matching the probability columns.`);
    }
    const row = predProbs[i];
    if (row.length !== K || !row.every(Number.isFinite)) {
      throw new TrainlabError(`findLabelIssues: row ${i} of predProbs is [${row.join(", ")}]; every row needs ${K} finite probabilities.`);
    }
    counts[l]++;
  }
  if (counts.filter((c) => c > 0).length < 2) {
    throw new TrainlabError(`findLabelIssues: labels must contain at least 2 classes (counts: ${counts.join(", ")}); with one class there is no other label to suspect.`);
  }
  const thresholds = confidentThresholds(labels, predProbs, K, counts);
  const cj = calibrate(confidentJointCounts(labels, predProbs, thresholds, K), counts);
  const prune = keepAtLeastNPerClass(transpose(cj), minPerClass);
  const mask = new Array(n).fill(false);
  for (let k = 0; k < K; k++) {
    if (counts[k] <= minPerClass) continue;
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === k) members.push(i);
    for (let j = 0; j < K; j++) {
      const num2prune = prune[j][k];
      if (j === k || num2prune <= 0) continue;
      // cleanlab: argsort(-margin)[:num2prune], the num2prune largest margins (ties: earlier example first).
      members
        .map((i) => ({ i, margin: predProbs[i][j] - predProbs[i][k] }))
        .sort((a, b) => b.margin - a.margin || a.i - b.i)
        .slice(0, num2prune)
        .forEach((e) => (mask[e.i] = true));
    }
  }
  for (let i = 0; i < n; i++) if (predictedWithTieToGiven(predProbs[i], labels[i]) === labels[i]) mask[i] = false;
  const flagged = mask.flatMap((m, i) => (m ? [i] : []));
  const indices = flagged
    .map((i) => ({ i, s: predProbs[i][labels[i]] }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((e) => e.i);
  return { mask, indices, thresholds, confidentJoint: cj };
}

/** cleanlab count._reduce_issues: argmax after adding 1e-6 to the given label's probability. */
function predictedWithTieToGiven(row: readonly number[], given: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < row.length; k++) {
    const v = k === given ? row[k] + 1e-6 : row[k];
    if (v > bestValue) [best, bestValue] = [k, v];
  }
  return best;
}

/** cleanlab count.get_confident_thresholds: mean self-confidence, at least 2e-6; 2 (never reached) for a class with no examples. */
function confidentThresholds(labels: ArrayLike<number>, p: readonly (readonly number[])[], K: number, counts: number[]): number[] {
  const sums = new Array(K).fill(0);
  for (let i = 0; i < labels.length; i++) sums[labels[i]] += p[i][labels[i]];
  return sums.map((s, k) => (counts[k] === 0 ? 2 : Math.max(s / counts[k], 2e-6)));
}

/** cleanlab count.compute_confident_joint (before calibration): rows given label, columns guessed true label. */
function confidentJointCounts(labels: ArrayLike<number>, p: readonly (readonly number[])[], t: number[], K: number): number[][] {
  const cj = Array.from({ length: K }, () => new Array(K).fill(0));
  for (let i = 0; i < labels.length; i++) {
    let confident = 0;
    let first = -1;
    for (let k = 0; k < K; k++) {
      if (p[i][k] >= t[k] - 1e-6) {
        confident++;
        if (first < 0) first = k;
      }
    }
    if (confident === 0) continue;
    const guess = confident > 1 ? argmax(p[i]) : first;
    cj[labels[i]][guess]++;
  }
  for (let k = 0; k < K; k++) cj[k][k] = Math.max(cj[k][k], 1);
  return cj;
}

/** cleanlab count.calibrate_confident_joint: rows rescaled to the label counts, total to n, rounded keeping row totals. */
function calibrate(cj: number[][], counts: number[]): number[][] {
  const n = counts.reduce((a, b) => a + b, 0);
  const rows = cj.map((row, i) => {
    const total = Math.max(row.reduce((a, b) => a + b, 0), 1e-16);
    return row.map((v) => (v / total) * counts[i]);
  });
  const all = Math.max(rows.flat().reduce((a, b) => a + b, 0), 1e-16);
  return rows.map((row) => roundPreservingSum(row.map((v) => (v / all) * n)));
}

/** cleanlab filter._keep_at_least_n_per_class with frac_noise = 1. */
function keepAtLeastNPerClass(pcm: number[][], n: number): number[][] {
  const K = pcm.length;
  const diag = pcm.map((r, i) => r[i]);
  const newDiag = diag.map((d) => Math.max(d, n));
  const diff = newDiag.map((d, i) => d - diag[i]);
  const nonzero = Array.from({ length: K }, (_, j) => Math.max(pcm.filter((r) => r[j] !== 0).length - 1, 1));
  const out = pcm.map((row, i) => row.map((v, j) => (i === j ? newDiag[j] : Math.max(0, v - diff[j] / nonzero[j]))));
  // _reduce_prune_counts truncates to int; round_preserving_row_totals is then a no-op.
  return out.map((row) => row.map((v) => Math.trunc(v)));
}

/**
 * cleanlab internal.util.round_preserving_sum: round each value, then move the largest
 * residuals by one until the rounded total equals the rounded original total.
 */
export function roundPreservingSum(values: number[]): number[] {
  const ints = values.map(roundHalfEven);
  const origSum = roundHalfEven(values.reduce((a, b) => a + b, 0));
  let intSum = ints.reduce((a, b) => a + b, 0);
  while (Math.abs(intSum - origSum) > 1e-6) {
    const diff = origSum - intSum;
    const increment = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), values.length);
    // numpy: argsort(floats - ints) (stable for small arrays), reversed when incrementing.
    let order = values.map((v, i) => ({ r: v - ints[i], i })).sort((a, b) => a.r - b.r || a.i - b.i).map((e) => e.i);
    if (increment === 1) order = order.reverse();
    for (const i of order.slice(0, changes)) ints[i] += increment;
    intSum = ints.reduce((a, b) => a + b, 0);
  }
  return ints;
}

/** numpy's round: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function transpose(m: number[][]): number[][] {
  return m[0].map((_, j) => m.map((r) => r[j]));
}
