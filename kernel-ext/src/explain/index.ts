export { permutationImportance } from "./permutationImportance";
export type { PermutationImportanceOptions, PermutationImportanceResult } from "./permutationImportance";
export { partialDependence, featureGrid, mquantile } from "./partialDependence";
export type { PartialDependenceOptions, PartialDependenceResult } from "./partialDependence";
export { kernelShap, shapleyKernelWeight } from "./kernelShap";
export type { KernelShapOptions, KernelShapResult } from "./kernelShap";
export { saliency } from "./saliency";
export type { SaliencyOptions } from "./saliency";
export { integratedGradients } from "./integratedGradients";
export type { IntegratedGradientsOptions, IntegratedGradientsResult } from "./integratedGradients";
export type { TensorModel, GradientOptions } from "./tensorModel";
export { predictMatrix } from "./predict";
export type { PredictFn, Predictor } from "./predict";
export { toPredictFn } from "./predict";
export { predictedLabels } from "./scoring";
export type { ScoreFn, ScoreName } from "./scoring";
export { seededRandom } from "../core/random";
export {
  importanceFigure, waterfallFigure, saliencyFigure,
  partialDependenceFigure,
} from "./plots";
export type { ImportanceFigureOptions, WaterfallFigureOptions, SaliencyFigureOptions } from "./plots";
