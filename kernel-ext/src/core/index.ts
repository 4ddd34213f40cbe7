/**
 * The core every other folder builds on: one implementation each of the metrics and statistics, seeded random
 * numbers, cross-validation folds and HTML escaping. It imports nothing but errors.ts.
 */
export { accuracy } from "./metrics";
export { mean, std, quantile, isMissing } from "./stats";
export { seededRandom, shuffleInPlace, shuffled, createRng } from "./random";
export type { Rng } from "./random";
export { kFold, stratifiedKFold, take } from "./folds";
export type { Fold } from "./folds";
export { escapeHtml } from "./html";
