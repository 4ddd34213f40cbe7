import { TrainlabError } from "../errors";
import { GroupLabel, _splitGroups } from "./groups";

/** What {@link reweigh} returns. */
export interface ReweighResult {
  /** One weight per row: pass it as sample weights when training. */
  weights: number[];
  /** The weight of each (group, label) cell: `{ group, label, count, weight }`. */
  table: Array<{ group: string; label: number; count: number; weight: number }>;
}

/**
 * Reweighing (Kamiran & Calders 2012; AIF360's Reweighing): weight each row by
 * w = n_g · n_y / (n · n_gy), so that in the weighted data the label is independent of the
 * group (each group has the overall positive rate) while each group keeps its total size.
 * A pre-processing fix: it changes what the model learns from, not the model.
 */
export function reweigh(yTrue: ArrayLike<number>, groups: ArrayLike<GroupLabel>): ReweighResult {
  const n = yTrue?.length;
  if (!n || groups?.length !== n) {
    throw new TrainlabError(`reweigh: yTrue and groups must be non-empty and of equal length; got ${n} and ${groups?.length}.`);
  }
  const labels = [...new Set(Array.from(yTrue))].sort((a, b) => a - b);
  const nY = new Map(labels.map((y) => [y, 0]));
  for (let i = 0; i < n; i++) nY.set(yTrue[i], nY.get(yTrue[i])! + 1);
  const split = _splitGroups(groups);
  const table: ReweighResult["table"] = [];
  const cellWeight = new Map<string, number>();
  for (const g of split.keys) {
    const idx = split.rows.get(g)!;
    for (const y of labels) {
      const nGY = idx.filter((i) => yTrue[i] === y).length;
      const weight = nGY === 0 ? 0 : (idx.length * nY.get(y)!) / (n * nGY);
      table.push({ group: g, label: y, count: nGY, weight });
      cellWeight.set(`${g}\u0000${y}`, weight);
    }
  }
  const weights = Array.from({ length: n }, (_, i) => cellWeight.get(`${String(groups[i])}\u0000${yTrue[i]}`)!);
  return { weights, table };
}
