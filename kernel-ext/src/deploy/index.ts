export { psi, histogramBinEdges, histogram } from "./psi";
export type { PsiOptions, PsiResult } from "./psi";
export { ksTwoSample, ksStatistic, kolmogorovSf, smirnovSf } from "./ks";
export type { KsOptions, KsResult } from "./ks";
