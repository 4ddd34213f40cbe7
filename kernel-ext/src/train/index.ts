/**
 * The training core: the fastest backend, a complete wasm backend, fit with callbacks.
 *
 * ```ts
 * import * as lab from "@trainlab/kernel-ext";
 * const tf = lab.tf;
 * await lab.useBestBackend();              // prints "Trainlab backend: wasm (SIMD, 1 thread) — …" once
 * const model = lab.train.withSeed(42, () => buildModel());   // same initial weights every run
 * const history = await lab.train.fit(model, x, y, {
 *   epochs: 20, batchSize: 64, validationData: [xVal, yVal], seed: 42,
 *   callbacks: [lab.train.earlyStopping({ patience: 3 }),
 *               lab.train.lrScheduler(lab.train.cosine({ max: 1e-3, steps: 20 }))],
 * });
 * history.history.val_loss;                 // plain arrays, one value per epoch
 * const sweep = await lab.train.lrFinder(model, x, y);   // sweep.suggestion; lab.train.lrFinderFigure(sweep)
 * ```
 */
export { tf } from "./tf";
export { useBestBackend, BACKEND_NAMES } from "./backend";
export type { BackendInfo, BackendName, BackendAttempt, UseBestBackendOptions } from "./backend";
export { selfTest, selfTestStep, checksums, KNOWN_CPU_CHECKSUMS } from "./selftest";
export type { SelfTestResult } from "./selftest";
export { patchWasmBackend } from "./wasm/register";
export { useFastConvGrad } from "./fastConvGrad";
export type { WasmPatchReport } from "./wasm/register";
export { fit, TrainingError } from "./fit";
export { layerRates } from "./layerRates";
export { estimator, layersModelOf } from "./estimator";
export type { EstimatorOptions, LayersModelEstimator, LayersModelLike } from "./estimator";
export type { LayerRatesOptions } from "./layerRates";
export type { FitOptions, Data } from "./fit";
export * from "./callbacks";
export { withSeed, seededRandom } from "./seed";
export { getLearningRate, setLearningRate } from "./learningRate";
export type { DisplayMode } from "./report";
export { lrFinder, lrFinderFigure, suggest } from "./lrFinder";
export type { LrFinderOptions, LrFinderResult, LrFinderFigureOptions } from "./lrFinder";
