import { TrainlabError } from "../errors";
import { Predictor, predictMatrix, _checkRows } from "./predict";
import { seededRandom, shuffleInPlace } from "../core/random";
import { ScoreFn, ScoreName, _scorer } from "./scoring";
import { escapeHtml } from "../core/html";
import { mean, std } from "../core/stats";
import { _featureNames } from "./util";

/** Options of {@link permutationImportance}. */
export interface PermutationImportanceOptions {
  /** True targets, one per row of X (labels for "accuracy", values for "r2"). Required. */
  y: number[];
  /** What "good" means; higher is better. Default "accuracy" (scikit-learn's default for a classifier). */
  score?: ScoreName | ScoreFn;
  /** How many shuffles per feature; more gives a steadier mean. Default 5 (as scikit-learn). */
  nRepeats?: number;
  /** Seed of the shuffles, so a rerun gives the same numbers. Default 0. */
  seed?: number;
  /** Names shown in tables and plots. Default "x0", "x1", … */
  featureNames?: string[];
  /**
   * Replay given shuffles instead of drawing them: `permutations[j][r]` is the row order
   * of feature j's column in repeat r. Used to reproduce another library's run exactly.
   */
  permutations?: number[][][];
}

/** What {@link permutationImportance} found. */
export interface PermutationImportanceResult {
  featureNames: string[];
  /** Score on the untouched data. */
  baselineScore: number;
  /** `importances[j][r]` = baseline score − score with feature j shuffled, repeat r. */
  importances: number[][];
  /** Mean over repeats, per feature. */
  importancesMean: number[];
  /** Standard deviation over repeats (population, ddof 0, as numpy), per feature. */
  importancesStd: number[];
  /** Feature indices, most important first. */
  order: number[];
  /** An HTML table, most important first. */
  toHTML(): string;
}

/**
 * Permutation importance with scikit-learn's semantics: for each feature, shuffle its
 * column `nRepeats` times and record how much the score drops from the baseline.
 * A feature the model does not use scores ≈ 0; a negative value means shuffling helped by chance.
 */
export function permutationImportance(
  predict: Predictor,
  X: number[][],
  options: PermutationImportanceOptions,
): PermutationImportanceResult {
  const what = "permutationImportance";
  const d = _checkRows(X, what);
  const n = X.length;
  const y = options?.y;
  if (!Array.isArray(y) || y.length !== n) {
    throw new TrainlabError(`${what}: options.y must hold one target per row of X (${n}); got ${Array.isArray(y) ? y.length : typeof y}.`);
  }
  const nRepeats = options.nRepeats ?? 5;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) {
    throw new TrainlabError(`${what}: nRepeats must be a whole number ≥ 1; got ${nRepeats}.`);
  }
  const perms = options.permutations;
  if (perms && (perms.length !== d || perms.some((p) => p.length !== nRepeats || p.some((q) => q.length !== n)))) {
    throw new TrainlabError(`${what}: permutations must be [feature][repeat][row] = ${d} × ${nRepeats} × ${n}.`);
  }
  const names = _featureNames(options.featureNames, d, what);
  const score = _scorer(options.score ?? "accuracy");
  const baselineScore = score(y, predictMatrix(predict, X));
  const random = seededRandom(options.seed ?? 0);

  const importances: number[][] = [];
  const shuffled = X.map((row) => row.slice());
  const order = Array.from({ length: n }, (_, i) => i);
  for (let j = 0; j < d; j++) {
    const drops: number[] = [];
    for (let r = 0; r < nRepeats; r++) {
      const p = perms ? perms[j][r] : shuffleInPlace(order, random);
      for (let i = 0; i < n; i++) shuffled[i][j] = X[p[i]][j];
      drops.push(baselineScore - score(y, predictMatrix(predict, shuffled)));
    }
    for (let i = 0; i < n; i++) shuffled[i][j] = X[i][j];
    importances.push(drops);
  }
  const importancesMean = importances.map((v) => mean(v));
  // Population std (ddof 0), as scikit-learn's permutation_importance reports it.
  const importancesStd = importances.map((v) => std(v, 0));
  const ranking = importancesMean.map((_, j) => j).sort((a, b) => importancesMean[b] - importancesMean[a]);
  return {
    featureNames: names,
    baselineScore,
    importances,
    importancesMean,
    importancesStd,
    order: ranking,
    toHTML: () =>
      "<table><thead><tr><th>feature</th><th>importance (mean)</th><th>std</th></tr></thead><tbody>" +
      ranking
        .map((j) => `<tr><td>${escapeHtml(names[j])}</td><td>${importancesMean[j].toFixed(4)}</td><td>${importancesStd[j].toFixed(4)}</td></tr>`)
        .join("") +
      "</tbody></table>",
  };
}
