import { TrainlabError } from "../errors";
import { isMissing, mean, quantile, std } from "../core/stats";

/** Options of {@link iqrOutliers}. */
export interface IqrOptions {
  /** How many interquartile ranges beyond Q1/Q3 count as an outlier (Tukey's fences). Default 1.5. */
  k?: number;
}

/**
 * Flags values outside [Q1 - k·IQR, Q3 + k·IQR] (Tukey's fences; quartiles with numpy's linear
 * interpolation). Missing values are never flagged.
 */
export function iqrOutliers(values: ArrayLike<number | null>, options: IqrOptions = {}): boolean[] {
  const k = options.k ?? 1.5;
  const present = presentNumbers(values, "iqrOutliers");
  const q1 = quantile(present, 0.25);
  const q3 = quantile(present, 0.75);
  const lo = q1 - k * (q3 - q1);
  const hi = q3 + k * (q3 - q1);
  return Array.from(values, (v) => !isMissing(v) && ((v as number) < lo || (v as number) > hi));
}

/** Options of {@link zScoreOutliers}. */
export interface ZScoreOptions {
  /** |z| above this is an outlier. Default 3. */
  threshold?: number;
}

/**
 * Flags values whose z-score |x - mean| / std exceeds `threshold`; std is the population one
 * (ddof 0), as in scipy.stats.zscore. Missing values are never flagged.
 */
export function zScoreOutliers(values: ArrayLike<number | null>, options: ZScoreOptions = {}): boolean[] {
  const threshold = options.threshold ?? 3;
  const present = presentNumbers(values, "zScoreOutliers");
  const m = mean(present);
  const s = std(present, 0);
  return Array.from(values, (v) => !isMissing(v) && s > 0 && Math.abs(((v as number) - m) / s) > threshold);
}

function presentNumbers(values: ArrayLike<number | null>, fn: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    if (typeof v !== "number") throw new TrainlabError(`${fn}: value ${i} is ${JSON.stringify(v)}, not a number; pass a numeric column.`);
    out.push(v);
  }
  return out;
}
