import type * as aq from "arquero";
import { arqueroTable } from "../core/arquero";
import type { Study } from "./study";

/**
 * The trials of a study as an arquero table: one row per trial with its number, state, value,
 * compute used (in `step` units), duration, and one `param_<name>` column per hyperparameter.
 */
export function trialsTable(study: Study): aq.ColumnTable {
  const names = [...new Set(study.trials.flatMap((t) => Object.keys(t.params)))];
  const cols: Record<string, unknown[]> = {
    number: study.trials.map((t) => t.number),
    state: study.trials.map((t) => t.state),
    value: study.trials.map((t) => t.value ?? null),
    computeUsed: study.trials.map((t) => t.computeUsed),
    durationMs: study.trials.map((t) => t.durationMs),
  };
  for (const n of names) cols[`param_${n}`] = study.trials.map((t) => (n in t.params ? t.params[n] : null));
  return arqueroTable(cols);
}
