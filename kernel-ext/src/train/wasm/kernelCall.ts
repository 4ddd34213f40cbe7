/**
 * Calling wasm kernels from inside another wasm kernel, at the TensorInfo level: no tensors,
 * no engine bookkeeping, so a composed kernel costs what its parts cost.
 */
import { getKernel, KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";

/** The slice of BackendWasm the added kernels use. */
export interface WasmBackend {
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: unknown): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  readSync(dataId: object): ArrayLike<number>;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
}

/** Runs the `wasm` kernel `name` on tensor infos; the caller owns (and frees) the result. */
export function callKernel(
  name: string,
  backend: WasmBackend,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(name, "wasm");
  if (kernel == null) throw new Error(`wasm kernel ${name} is not registered`);
  return kernel.kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo;
}

/** Frees intermediate results made with callKernel. */
export function free(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** Transpose through wasm's kernel; the caller frees the result. */
export function transpose(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return callKernel("Transpose", backend, { x }, { perm });
}

export function reshape(backend: WasmBackend, x: TensorInfo, shape: number[]): TensorInfo {
  return callKernel("Reshape", backend, { x }, { shape });
}

export function slice(backend: WasmBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return callKernel("Slice", backend, { x }, { begin, size });
}

/**
 * A wasm kernel config that runs `kernelFunc` in place of the stock kernel, keeping the stock
 * setupFunc/disposeFunc (re-registering without them breaks the kernel's wasm bindings).
 */
export function wrapStock(stock: KernelConfig, kernelFunc: KernelConfig["kernelFunc"]): KernelConfig {
  return { kernelName: stock.kernelName, backendName: "wasm", setupFunc: stock.setupFunc, disposeFunc: stock.disposeFunc, kernelFunc };
}
