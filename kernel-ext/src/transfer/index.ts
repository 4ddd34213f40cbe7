// Saving and loading live in the core (one format for training, transfer and deployment).
export { loadModel, saveModel, fileHandler, readModelMetadata, WEIGHTS_FILE, METADATA_FILE } from "../core/modelIo";
export type { LoadModelOptions, SaveModelOptions, ModelMetadata } from "../core/modelIo";
export { createSmallCnn, loadBaseModel, BASE_MODEL_DIR, BASE_MODEL_SHA256, BASE_CLASSES } from "./base";
export type { SmallCnnOptions } from "./base";
// The fast conv filter gradient lives in the training core now; fit() installs it on `cpu` for every conv model.
export { useFastConvGrad } from "../train/fastConvGrad";
export { cutAt, freeze, unfreeze, addHead, layerSummary, linearClassifier } from "./surgery";
export type { FreezeOptions, AddHeadOptions } from "./surgery";
export { fitClassifier, fitDiscriminative, fineTuneTwoPhase, accuracy } from "./fit";
export type { Labels, FitOptions, FitHistory, DiscriminativeOptions, TwoPhaseOptions } from "./fit";
