import { TrainlabError } from "../errors";

/** A group label per row (e.g. "female"/"male"); numbers and booleans are used as their text. */
export type GroupLabel = string | number | boolean;

/** Inputs checked and split by group: row indices per group, groups in sorted order (as Fairlearn). */
export interface Split {
  keys: string[];
  rows: Map<string, number[]>;
}

/** Check the shared `(yTrue, yPred, groups)` inputs and index rows by group. */
export function _split(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, groups: ArrayLike<GroupLabel>, what: string): Split {
  const n = yTrue?.length;
  if (!n) throw new TrainlabError(`${what}: yTrue is empty; pass one true label (0/1) per row.`);
  if (yPred?.length !== n || groups?.length !== n) {
    throw new TrainlabError(
      `${what}: yTrue, yPred and groups must have one entry per row; got ${n}, ${yPred?.length}, ${groups?.length}.`,
    );
  }
  for (let i = 0; i < n; i++) {
    if ((yTrue[i] !== 0 && yTrue[i] !== 1) || (yPred[i] !== 0 && yPred[i] !== 1)) {
      throw new TrainlabError(
        `${what}: labels must be 0 or 1; row ${i} has yTrue=${yTrue[i]}, yPred=${yPred[i]}. Threshold scores first (score >= t ? 1 : 0).`,
      );
    }
  }
  return _splitGroups(groups);
}

export function _splitGroups(groups: ArrayLike<GroupLabel>): Split {
  const rows = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const k = String(groups[i]);
    const list = rows.get(k);
    if (list) list.push(i);
    else rows.set(k, [i]);
  }
  const keys = [...rows.keys()].sort();
  return { keys, rows };
}

export function _pick<T>(a: ArrayLike<T>, idx: number[]): T[] {
  return idx.map((i) => a[i]);
}
