import { TrainlabError } from "../../errors";
import type { Study } from "../study";
import type { Trial } from "../trial";
import { pruneBySuccessiveHalving } from "./successiveHalving";
import type { Pruner } from "./types";

/** Options of `hyperbandPruner` (Optuna's HyperbandPruner). */
export interface HyperbandOptions {
  /** Resource (step) of the first rung of the most aggressive bracket. Default 1. */
  minResource?: number;
  /** The most resource a trial can use (e.g. the number of epochs). Required. */
  maxResource: number;
  /** η, as in successive halving. Default 3. */
  reductionFactor?: number;
  /** As in successive halving. Default 0. */
  bootstrapCount?: number;
}

/**
 * Hyperband (Li et al. 2018) as Optuna 3.1 runs it: ⌊log_η(max/min)⌋ + 1 brackets of successive
 * halving, bracket s starting its rungs at min · η^s; each trial joins one bracket (chosen by a
 * CRC32 of "studyName_trialNumber", in proportion to each bracket's budget) and competes only
 * with trials of the same bracket. (Optuna also lets the sampler see only the trial's bracket;
 * here the sampler sees every trial.)
 */
export function hyperbandPruner(options: HyperbandOptions): Pruner & { readonly nBrackets: number; bracketOf(study: Study, trial: Trial): number } {
  const minResource = options?.minResource ?? 1;
  const maxResource = options?.maxResource;
  const eta = options?.reductionFactor ?? 3;
  const bootstrap = options?.bootstrapCount ?? 0;
  if (!(Number.isInteger(maxResource) && maxResource >= minResource)) {
    throw new TrainlabError(`hyperbandPruner({maxResource}): maxResource must be an integer >= minResource (got ${maxResource}); use your number of epochs.`);
  }
  if (!(Number.isInteger(eta) && eta >= 2)) throw new TrainlabError(`hyperbandPruner: reductionFactor must be an integer >= 2 (got ${eta}).`);
  // ⌊log_η(max/min)⌋ + 1 (Hyperband's s_max + 1), counted in integers. Optuna 3.1 takes
  // math.floor(math.log(max / min, η)) + 1 in floating point, which lands just below some exact
  // powers: (1, 243, 3), (1, 1000, 10), (1, 59049, 3), (10, 10000, 10) — 13 of the settings with
  // min 1–10, η 2–10, max ≤ 100,000 (test/fixtures/tune/make_hyperband_brackets.py lists them). There
  // Trainlab has one bracket more than Optuna; everywhere else the two agree.
  let nBrackets = 1;
  while (minResource * eta ** nBrackets <= maxResource) nBrackets++;
  const budgets = Array.from({ length: nBrackets }, (_, b) => {
    const s = nBrackets - 1 - b;
    return Math.ceil((nBrackets * eta ** s) / (s + 1));
  });
  const total = budgets.reduce((a, b) => a + b, 0);
  const bracketOf = (study: Study, trial: Trial): number => {
    let n = crc32(`${study.name}_${trial.number}`) % total;
    for (let b = 0; b < nBrackets; b++) {
      n -= budgets[b];
      if (n < 0) return b;
    }
    return nBrackets - 1;
  };
  return {
    name: "hyperband",
    nBrackets,
    bracketOf,
    prune(study, trial) {
      const b = bracketOf(study, trial);
      const peers = study.trials.filter((t) => bracketOf(study, t) === b);
      return pruneBySuccessiveHalving(study, trial, peers, { minResource, eta, rate: b, bootstrap });
    },
  };
}

let _crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE, as Python's binascii.crc32) of a string's UTF-8 bytes. */
export function crc32(text: string): number {
  if (!_crcTable) {
    _crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      _crcTable[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) crc = _crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
