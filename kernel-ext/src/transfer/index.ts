export { loadModel, saveModel, fileHandler, readModelMetadata, WEIGHTS_FILE } from "./io";
export type { LoadModelOptions, SaveModelOptions } from "./io";
export { createSmallCnn, loadBaseModel, BASE_MODEL_DIR, BASE_MODEL_SHA256, BASE_CLASSES } from "./base";
export type { SmallCnnOptions } from "./base";
export { useFastConvGrad } from "./fastConvGrad";
export { cutAt, freeze, unfreeze, addHead, layerSummary, linearClassifier } from "./surgery";
export type { FreezeOptions, AddHeadOptions } from "./surgery";
export { fitClassifier, fitDiscriminative, fineTuneTwoPhase, accuracy } from "./fit";
export type { Labels, FitOptions, FitHistory, DiscriminativeOptions, TwoPhaseOptions } from "./fit";
