import { TrainlabError } from "../errors";
import { GroupLabel, _splitGroups } from "./groups";

/** Which parity the per-group thresholds must meet. */
export type ThresholdConstraint = "demographic_parity" | "equalized_odds";

/** Options of {@link groupThresholds}. */
export interface GroupThresholdsOptions {
  /** "demographic_parity" (equal selection rates) or "equalized_odds" (equal TPR and FPR). Required. */
  constraint: ThresholdConstraint;
  /**
   * How far apart the groups' rates may be: selection rates (demographic parity), or both TPRs
   * and FPRs (equalized odds) must lie within a window this wide. Default 0.02.
   */
  tolerance?: number;
  /** At most this many candidate thresholds per group (quantiles of its scores). Default 101. */
  maxCandidates?: number;
}

/** What {@link groupThresholds} chose. */
export interface GroupThresholdsResult {
  constraint: ThresholdConstraint;
  tolerance: number;
  /** One threshold per group: predict 1 when score ≥ threshold. */
  thresholds: Record<string, number>;
  /** Accuracy on the fitting data with these thresholds. */
  accuracy: number;
  /** Achieved disparity: DP difference, or equalized-odds difference. */
  disparity: number;
  /** Apply the thresholds: 0/1 predictions for new scores and groups. */
  predict(scores: ArrayLike<number>, groups: ArrayLike<GroupLabel>): number[];
}

interface Candidate { t: number; rate: number; tpr: number; fpr: number; correct: number }

/**
 * Post-processing by per-group thresholds: search one threshold per group on the model's
 * scores to maximise accuracy while the groups' selection rates (demographic parity) or TPRs
 * and FPRs (equalized odds) lie within `tolerance` of each other. Accuracy is a sum over
 * groups, so for each position of the allowed window every group picks its best threshold
 * independently; sweeping the window over all reachable rates finds the best combination
 * among the candidates. Selecting nobody meets every constraint, so a solution always exists,
 * though at a strict tolerance it may be that trivial one: deterministic thresholds can rarely
 * equalize rates exactly on a finite sample (Fairlearn's ThresholdOptimizer randomizes instead).
 */
export function groupThresholds(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  groups: ArrayLike<GroupLabel>,
  options: GroupThresholdsOptions,
): GroupThresholdsResult {
  const what = "groupThresholds";
  const n = yTrue?.length;
  if (!n || scores?.length !== n || groups?.length !== n) {
    throw new TrainlabError(`${what}: yTrue, scores and groups must have one entry per row; got ${n}, ${scores?.length}, ${groups?.length}.`);
  }
  const constraint = options?.constraint;
  if (constraint !== "demographic_parity" && constraint !== "equalized_odds") {
    throw new TrainlabError(`${what}: options.constraint must be "demographic_parity" or "equalized_odds"; got ${constraint}.`);
  }
  const tolerance = options.tolerance ?? 0.02;
  const maxCandidates = options.maxCandidates ?? 101;
  const split = _splitGroups(groups);
  const cands = split.keys.map((g) => _candidates(split.rows.get(g)!.map((i) => [scores[i], yTrue[i]]), maxCandidates));

  // Window lower ends worth trying: every rate some candidate reaches.
  const starts = (key: "rate" | "tpr" | "fpr") =>
    [...new Set(cands.flatMap((cs) => cs.map((c) => c[key])).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const inWindow = (v: number, lo: number) => Number.isNaN(v) || (v >= lo - 1e-12 && v <= lo + tolerance + 1e-12);

  let best: { picks: Candidate[]; correct: number } | null = null;
  const tryWindow = (ok: (c: Candidate) => boolean) => {
    const picks: Candidate[] = [];
    let correct = 0;
    for (const cs of cands) {
      let pick: Candidate | null = null;
      for (const c of cs) if (ok(c) && (!pick || c.correct > pick.correct)) pick = c;
      if (!pick) return;
      picks.push(pick);
      correct += pick.correct;
    }
    if (!best || correct > best.correct) best = { picks, correct };
  };
  if (constraint === "demographic_parity") {
    for (const lo of starts("rate")) tryWindow((c) => inWindow(c.rate, lo));
  } else {
    const fprStarts = starts("fpr");
    for (const lo of starts("tpr")) for (const lo2 of fprStarts) tryWindow((c) => inWindow(c.tpr, lo) && inWindow(c.fpr, lo2));
  }
  // Never null: the +∞ candidate (select nobody: rate, TPR and FPR 0) is in every window starting at 0.
  const chosen = best as unknown as { picks: Candidate[]; correct: number };
  const thresholds: Record<string, number> = {};
  split.keys.forEach((g, k) => (thresholds[g] = chosen.picks[k].t));
  const spread = (key: "rate" | "tpr" | "fpr") => {
    const v = chosen.picks.map((c) => c[key]).filter((x) => !Number.isNaN(x));
    return v.length ? Math.max(...v) - Math.min(...v) : 0;
  };
  const disparity = constraint === "demographic_parity" ? spread("rate") : Math.max(spread("tpr"), spread("fpr"));
  return {
    constraint,
    tolerance,
    thresholds,
    accuracy: chosen.correct / n,
    disparity,
    predict: (s, gs) =>
      Array.from({ length: s.length }, (_, i) => {
        const t = thresholds[String(gs[i])];
        if (t === undefined) throw new TrainlabError(`predict: group "${gs[i]}" was not seen when the thresholds were fitted.`);
        return s[i] >= t ? 1 : 0;
      }),
  };
}

// Thresholds at the group's score quantiles (every distinct score when few), plus +∞ (select nobody).
function _candidates(pairs: Array<[number, number]>, maxCandidates: number): Candidate[] {
  const sorted = pairs.slice().sort((a, b) => b[0] - a[0]);
  const pos = sorted.reduce((s, p) => s + (p[1] === 1 ? 1 : 0), 0);
  const neg = sorted.length - pos;
  const distinct = [...new Set(sorted.map((p) => p[0]))];
  let ts = distinct;
  if (distinct.length > maxCandidates) {
    ts = Array.from({ length: maxCandidates }, (_, k) => distinct[Math.round((k * (distinct.length - 1)) / (maxCandidates - 1))]);
  }
  ts = [Infinity, ...ts];
  const out: Candidate[] = [];
  let i = 0, tp = 0, fp = 0;
  for (const t of ts) {
    while (i < sorted.length && sorted[i][0] >= t) {
      sorted[i][1] === 1 ? tp++ : fp++;
      i++;
    }
    out.push({ t, rate: i / sorted.length, tpr: pos ? tp / pos : NaN, fpr: neg ? fp / neg : NaN, correct: tp + (neg - fp) });
  }
  return out;
}
