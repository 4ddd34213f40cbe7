/**
 * BatchMatMul for wasm reading both operands in place (simd.ts `gemm`, `gemmTransposedA`) when
 * there is one matrix on each side: XNNPACK repacks the right-hand operand as "weights" whenever
 * it is a new tensor, which in training is every step (new weights after each update, new
 * gradients), and a transposed operand costs a physical transpose first. On the reference MLP
 * the forward product [64×784]·[784×128] took ~1.2 ms with the repack, ~0.45 ms here; the weight
 * gradient xᵀ·dy ([64×784]ᵀ·[64×128]) a transpose and a repack before XNNPACK's product.
 */
import { backend_util, KernelConfig, TensorInfo, util } from "@tensorflow/tfjs-core";
import { WasmBackend, wrapStock } from "./kernelCall";
import { gemm, gemmTransposedA, heapAddress, simdKernels } from "./simd";

/**
 * Wraps a BatchMatMul kernel (`next`: what runs when this path cannot, e.g. the stock kernel
 * behind `withPhysicalTranspose`). Takes A·B and Aᵀ·B; B transposed and batches go to `next`.
 */
export function inPlaceMatMul(next: KernelConfig): KernelConfig {
  return wrapStock(next, (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA = false, transposeB = false } = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const backend = args.backend as unknown as WasmBackend;
    const [rowsA, colsA] = a.shape.slice(-2);
    const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
    const n = b.shape[b.shape.length - 1];
    const single = util.sizeFromShape(a.shape.slice(0, -2)) === 1 && util.sizeFromShape(b.shape.slice(0, -2)) === 1;
    const kernels = !transposeB && single && n % 4 === 0 && a.dtype === "float32" && b.dtype === "float32" &&
      b.shape[b.shape.length - 2] === k ? simdKernels(backend) : null;
    if (kernels == null) return next.kernelFunc(args);
    const outShape = backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)).concat([m, n]);
    const out = backend.makeOutput(outShape, "float32");
    (transposeA ? gemmTransposedA : gemm)(kernels, heapAddress(backend, a), heapAddress(backend, b), heapAddress(backend, out), m, k, n);
    return out;
  });
}
