/** The training core: the fastest backend, a complete wasm backend, fit with callbacks. */
export { tf } from "./tf";
export { useBestBackend, BACKEND_NAMES } from "./backend";
export type { BackendInfo, BackendName, BackendAttempt, UseBestBackendOptions } from "./backend";
export { selfTest } from "./selftest";
export type { SelfTestResult } from "./selftest";
export { patchWasmBackend } from "./wasm/register";
export type { WasmPatchReport } from "./wasm/register";
