// The estimator protocol lives in the core; re-exported here where data/ and overfit/ import it.
export type { Estimator, Fitted } from "../core/protocols";

export { accuracy } from "../core/metrics";
