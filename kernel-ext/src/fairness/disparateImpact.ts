import { TrainlabError } from "../errors";
import { GroupLabel } from "./groups";
import { metricFrame } from "./metricFrame";
import { selectionRate } from "./rates";

/** Options of {@link disparateImpact}. */
export interface DisparateImpactOptions {
  /** The group others are compared with (the privileged one). Default: the group with the highest selection rate. */
  reference?: GroupLabel;
  /** The rule's threshold. Default 0.8 (the "four-fifths rule" of the US EEOC guidelines). */
  threshold?: number;
}

/** What {@link disparateImpact} found. */
export interface DisparateImpactResult {
  reference: string;
  /** Selection rate of each group. */
  selectionRates: Record<string, number>;
  /** Each group's selection rate divided by the reference group's (AIF360's disparate impact). */
  ratios: Record<string, number>;
  /** The smallest ratio. */
  minRatio: number;
  /** Whether every group's ratio is at least `threshold`. */
  passes: boolean;
  threshold: number;
}

/**
 * Disparate impact: P(ŷ = 1 | group) / P(ŷ = 1 | reference group), checked against the
 * four-fifths rule (every ratio ≥ 0.8). A screening rule from employment law, not a proof.
 */
export function disparateImpact(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, groups: ArrayLike<GroupLabel>, options: DisparateImpactOptions = {},
): DisparateImpactResult {
  const frame = metricFrame(yTrue, yPred, groups, { metrics: { selectionRate } });
  const rates: Record<string, number> = {};
  for (const row of frame.byGroup) rates[row.group as string] = row.selectionRate as number;
  let reference: string;
  if (options.reference !== undefined) {
    reference = String(options.reference);
    if (!(reference in rates)) {
      throw new TrainlabError(`disparateImpact: reference group "${reference}" is not among the groups (${frame.groups.join(", ")}).`);
    }
  } else {
    reference = frame.groups.reduce((best, g) => (rates[g] > rates[best] ? g : best), frame.groups[0]);
  }
  const threshold = options.threshold ?? 0.8;
  const ratios: Record<string, number> = {};
  for (const g of frame.groups) ratios[g] = rates[reference] === 0 ? (rates[g] === 0 ? NaN : Infinity) : rates[g] / rates[reference];
  const minRatio = Math.min(...Object.values(ratios));
  return { reference, selectionRates: rates, ratios, minRatio, passes: minRatio >= threshold, threshold };
}
