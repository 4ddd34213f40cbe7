import { TrainlabError } from "../errors";
import { accuracy } from "../core/metrics";

/** How good predictions are; higher is better (scikit-learn's scorer convention). */
export type ScoreFn = (yTrue: number[], outputs: number[][]) => number;

/** Named scores, with scikit-learn's names. */
export type ScoreName = "accuracy" | "neg_log_loss" | "r2" | "neg_mean_squared_error";

/**
 * Class labels from predict outputs: argmax over several columns; one column is read as
 * labels when every value is a whole number, otherwise as P(class 1), cut at 0.5.
 */
export function predictedLabels(outputs: number[][]): number[] {
  if (outputs.length === 0) return [];
  const k = outputs[0].length;
  if (k > 1) {
    return outputs.map((row) => {
      let best = 0;
      for (let j = 1; j < k; j++) if (row[j] > row[best]) best = j;
      return best;
    });
  }
  const col = outputs.map((r) => r[0]);
  return col.every(Number.isInteger) ? col : col.map((p) => (p > 0.5 ? 1 : 0));
}

/** Look a score up by name, or pass a function through. */
export function _scorer(score: ScoreName | ScoreFn): ScoreFn {
  if (typeof score === "function") return score;
  switch (score) {
    case "accuracy":
      return (y, out) => accuracy(y, predictedLabels(out));
    case "neg_log_loss":
      // Outputs: P(class 1) in one column, or one probability per class. As scikit-learn 1.2's
      // log_loss: clip to [ε, 1 − ε], renormalise each row to sum 1, average −ln p(true class).
      return (y, out) => {
        const clip = (p: number) => Math.min(Math.max(p, Number.EPSILON), 1 - Number.EPSILON);
        let s = 0;
        for (let i = 0; i < y.length; i++) {
          const row = out[i].length === 1 ? [1 - clip(out[i][0]), clip(out[i][0])] : out[i].map(clip);
          s += Math.log(row[y[i]] / row.reduce((a, b) => a + b, 0));
        }
        return s / y.length;
      };
    case "neg_mean_squared_error":
      return (y, out) => {
        let s = 0;
        for (let i = 0; i < y.length; i++) s += (y[i] - out[i][0]) ** 2;
        return -s / y.length;
      };
    case "r2":
      return (y, out) => {
        const mean = y.reduce((a, b) => a + b, 0) / y.length;
        let ssRes = 0;
        let ssTot = 0;
        for (let i = 0; i < y.length; i++) {
          ssRes += (y[i] - out[i][0]) ** 2;
          ssTot += (y[i] - mean) ** 2;
        }
        // scikit-learn's force_finite: a constant target scores 1 when predicted exactly, else 0.
        if (ssTot === 0) return ssRes === 0 ? 1 : 0;
        return 1 - ssRes / ssTot;
      };
    default:
      throw new TrainlabError(`Unknown score "${score}"; use "accuracy", "neg_log_loss", "r2", "neg_mean_squared_error" or a function (yTrue, outputs) => number.`);
  }
}
