import { TrainlabError } from "../errors";

// Small helpers shared by the explainers.

export function _featureNames(names: string[] | undefined, d: number, what: string): string[] {
  if (names === undefined) return Array.from({ length: d }, (_, j) => `x${j}`);
  if (names.length !== d) throw new TrainlabError(`${what}: featureNames has ${names.length} names for ${d} features.`);
  return names.slice();
}
