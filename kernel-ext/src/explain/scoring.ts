import { TrainlabError } from "../errors";

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
      return (y, out) => {
        const labels = predictedLabels(out);
        let hit = 0;
        for (let i = 0; i < y.length; i++) if (labels[i] === y[i]) hit++;
        return hit / y.length;
      };
    case "neg_log_loss":
      // Outputs: P(class 1) in one column, or one probability per class; clipped like scikit-learn.
      return (y, out) => {
        let s = 0;
        for (let i = 0; i < y.length; i++) {
          const p = out[i].length === 1 ? (y[i] === 1 ? out[i][0] : 1 - out[i][0]) : out[i][y[i]];
          s += Math.log(Math.min(Math.max(p, Number.EPSILON), 1 - Number.EPSILON));
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
        return 1 - ssRes / ssTot;
      };
    default:
      throw new TrainlabError(`Unknown score "${score}"; use "accuracy", "neg_log_loss", "r2", "neg_mean_squared_error" or a function (yTrue, outputs) => number.`);
  }
}
