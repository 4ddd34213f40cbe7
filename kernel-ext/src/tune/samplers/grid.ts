import { TrainlabError } from "../../errors";
import { ParamValue, contains } from "../distributions";
import type { Study } from "../study";
import type { Trial } from "../trial";
import type { Sampler } from "./types";

/** Options of `gridSampler`. */
export interface GridSamplerOptions {
  /**
   * Walk the grid in a seeded random order (Optuna's behaviour; default true), so that a study
   * stopped early has seen a spread of the grid. false: walk it in order, last parameter fastest.
   */
  shuffle?: boolean;
}

/**
 * Grid search over every combination of the given values (as Optuna's GridSampler).
 * Each combination is tried once; the study stops when all have been tried.
 * @param searchSpace the values of each parameter, e.g. `{ lr: [1e-3, 1e-2, 1e-1], units: [16, 64] }`.
 */
export function gridSampler(searchSpace: Record<string, ParamValue[]>, options: GridSamplerOptions = {}): Sampler & { readonly grid: Record<string, ParamValue>[] } {
  const names = Object.keys(searchSpace);
  if (names.length === 0) throw new TrainlabError("gridSampler(searchSpace): give at least one parameter with its values.");
  for (const n of names) {
    if (!Array.isArray(searchSpace[n]) || searchSpace[n].length === 0) {
      throw new TrainlabError(`gridSampler: parameter "${n}" needs a non-empty array of values.`);
    }
  }
  const grid = _cartesian(names, searchSpace);
  const shuffle = options.shuffle ?? true;
  let order: number[] | undefined;
  const assigned = new Map<Trial, number>();

  const nextIndex = (study: Study): number => {
    if (!order) {
      order = grid.map((_, i) => i);
      if (shuffle) {
        for (let i = order.length - 1; i > 0; i--) {
          const j = study.rng.int(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
      }
    }
    return order[assigned.size];
  };

  return {
    name: "grid",
    grid,
    startTrial(study, trial) {
      if (assigned.size >= grid.length) throw new TrainlabError("gridSampler: the grid is exhausted; no combination is left to try.");
      assigned.set(trial, nextIndex(study));
    },
    isExhausted: () => assigned.size >= grid.length,
    sample(_study, trial, name, distribution) {
      const index = assigned.get(trial);
      if (index === undefined) throw new TrainlabError("gridSampler: this trial was not started by the study using this sampler.");
      if (!(name in searchSpace)) {
        throw new TrainlabError(`gridSampler: parameter "${name}" is not in the grid (${names.join(", ")}); add its values to the search space.`);
      }
      const value = grid[index][name];
      if (!contains(distribution, value)) {
        throw new TrainlabError(`gridSampler: grid value ${JSON.stringify(value)} of "${name}" is outside the range the objective asked for.`);
      }
      return value;
    },
  };
}

function _cartesian(names: string[], space: Record<string, ParamValue[]>): Record<string, ParamValue>[] {
  let rows: Record<string, ParamValue>[] = [{}];
  for (const n of names) {
    const next: Record<string, ParamValue>[] = [];
    for (const r of rows) for (const v of space[n]) next.push({ ...r, [n]: v });
    rows = next;
  }
  return rows;
}
