/** The training core: the fastest backend, a complete wasm backend, fit with callbacks. */
export { tf } from "./tf";
export { useBestBackend, BACKEND_NAMES } from "./backend";
export type { BackendInfo, BackendName, BackendAttempt, UseBestBackendOptions } from "./backend";
export { selfTest } from "./selftest";
export type { SelfTestResult } from "./selftest";
export { patchWasmBackend } from "./wasm/register";
export type { WasmPatchReport } from "./wasm/register";
export { fit, TrainingError } from "./fit";
export type { FitOptions, Data } from "./fit";
export * from "./callbacks";
export { withSeed, seededRandom } from "./seed";
export { getLearningRate, setLearningRate } from "./learning_rate";
export type { DisplayMode } from "./report";
export { lrFinder, suggest } from "./lr_finder";
export type { LrFinderOptions, LrFinderResult } from "./lr_finder";
