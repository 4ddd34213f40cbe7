/**
 * Small hand-written WebAssembly SIMD128 loops that run directly on the wasm backend's heap
 * (they import its memory, so no copy in or out). tfjs' .wasm cannot be rebuilt here (no
 * emscripten), and the JavaScript loops they replace ran at 2–4 ns per element; these run at
 * a few tenths of that. The bytes are assembled below from the WebAssembly 2.0 binary format
 * (SIMD opcodes follow the 0xfd prefix). Only plain SIMD128 (Node 20 has no relaxed SIMD).
 *
 * Every function takes byte addresses into the heap and handles whole vectors of four floats;
 * callers do any remainder in JavaScript and check `simdKernels(backend) != null` first.
 */
import { WasmBackend } from "./kernelCall";
import { GemmPool, startGemmPool } from "./gemmPool";
import { wasmThreadCount } from "./threads";

/** The SIMD loops, called with byte addresses in the wasm heap and element counts. */
export interface SimdKernels {
  /** dst[j] = Σ_i src[i·cols + j] for j < cols; cols a multiple of 4. */
  sumRows(src: number, dst: number, rows: number, cols: number): void;
  /** out[i·cols + j] = a[i·cols + j] + bias[j]; cols a multiple of 4. */
  addRowVector(a: number, bias: number, out: number, rows: number, cols: number): void;
  /**
   * Adam's update over n elements (n a multiple of 4), tf.train.adam's formula:
   * m2 = β1·m + (1−β1)·g; v2 = β2·v + (1−β2)·g²; w2 = w + step·m2 / (√(v2·c2) + ε).
   */
  adam(w: number, g: number, m: number, v: number, w2: number, m2: number, v2: number, n: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, step: number, c2: number, epsilon: number): void;
  /**
   * The gradient of a 2×2, stride-2, unpadded max pool (NHWC, C a multiple of 4): each output
   * cell's gradient goes to the first maximum of its window in scan order, NaN never wins, the
   * other three cells get 0. `rows` = batch·outHeight; cells outside every window are not written.
   */
  maxPoolGrad2x2(x: number, dy: number, dx: number, rows: number, outHeight: number, inHeight: number,
    outWidth: number, inWidth: number, channels: number): void;
  /**
   * `gemm_R_V`: one tile of a product whose shared axis is walked in up to three nested levels
   * (so a convolution's filter gradient reads x in place, no im2col): C[r, j] = Σ A_r[walk]·B[walk + j]
   * for r < R rows and j < 4·V columns, C overwritten. Called by `gemmRows`.
   */
  [tile: `gemm_${number}_${number}`]: (...args: number[]) => void;
  /**
   * `gemmRows(c, ldc, b, sb0, jb1, jb2, n0, n1, n2, sa0, ja1, ja2, a, m, n, r0, lda0, r1, lda1, lda2, first)`:
   * every tile of rows first … m−1 of C[m, n] (n a multiple of 4, rows ldc bytes apart) in one call. Rows of A are laid
   * out in up to three levels (see GemmRows): row R starts its walk at
   * a + (R mod r0)·lda0 + (⌊R / r0⌋ mod r1)·lda1 + ⌊R / (r0·r1)⌋·lda2 bytes.
   */
  gemmRows(c: number, ldc: number, b: number, sb0: number, jb1: number, jb2: number, n0: number, n1: number,
    n2: number, sa0: number, ja1: number, ja2: number, a: number, m: number, n: number,
    r0: number, lda0: number, r1: number, lda1: number, lda2: number, first: number): void;
}

/** Rows and 4-float vectors of C one gemm tile computes (R·V accumulators stay in registers). */
export const GEMM_ROWS = 2;
export const GEMM_VECTORS = 4;

/**
 * How a tile walks the shared axis: `counts[0]` steps of `aSteps[0]`/`bSteps[0]` bytes, that
 * `counts[1]` times with an extra jump of `aSteps[1]`/`bSteps[1]` after each run, all of it
 * `counts[2]` times with jumps `aSteps[2]`/`bSteps[2]` (jumps may be negative).
 */
export interface GemmWalk { counts: [number, number, number]; aSteps: [number, number, number]; bSteps: [number, number, number] }

/**
 * Where each row of A starts, in up to three levels (a convolution's rows are pixels of images, or
 * filter taps): `counts[0]` rows `strides[0]` bytes apart, groups of them `strides[1]` apart
 * (`counts[1]` groups a block), blocks `strides[2]` apart, from `start`.
 */
export interface GemmRows { start: number; counts: [number, number]; strides: [number, number, number] }

/**
 * C[m, n] (row-major, rows contiguous, n a multiple of 4) = Σ over the walk of A_row · B, B's walk
 * starting at `b` + the column: the whole product in one call into the module.
 */
export function gemmProduct(kernels: SimdKernels, rows: GemmRows, b: number, c: number, m: number, n: number, walk: GemmWalk): void {
  const { counts: [n0, n1, n2], aSteps: [sa0, ja1, ja2], bSteps: [sb0, jb1, jb2] } = walk;
  const { start, counts: [r0, r1], strides: [lda0, lda1, lda2] } = rows;
  const args = [c, 4 * n, b, sb0, jb1, jb2, n0, n1, n2, sa0, ja1, ja2, start, m, n, r0, lda0, r1, lda1, lda2, 0];
  const pool = pools.get(kernels);
  // Split only products worth a hand-off (~10–50 µs): ≥ 256 K multiply-adds, a tile pair per thread.
  if (pool != null && m * n * n0 * n1 * n2 >= 262_144 && m >= 2 * GEMM_ROWS * (pool.helpers + 1)) {
    pool.run(kernels.gemmRows, args);
  } else {
    kernels.gemmRows(...(args as Parameters<SimdKernels["gemmRows"]>));
  }
}

/**
 * C[m, n] = A[m, k]·B[k, n], all row-major float32 in the heap (byte addresses), n a multiple
 * of 4. XNNPACK's matMul first repacks B (its "weights") whenever B is a new tensor — every
 * training step, as each step makes new weights and gradients — at ~6 ns per element; this
 * reads B in place.
 */
export function gemm(kernels: SimdKernels, a: number, b: number, c: number, m: number, k: number, n: number): void {
  gemmProduct(kernels, { start: a, counts: [m, 1], strides: [4 * k, 0, 0] }, b, c, m, n,
    { counts: [k, 1, 1], aSteps: [4, 0, 0], bSteps: [4 * n, 0, 0] });
}

/**
 * C[m, n] = Aᵀ·B with A stored as [k, m] and B as [k, n] (row-major float32, byte addresses,
 * n a multiple of 4): a Dense layer's weight gradient xᵀ·dy, read in place — no transpose of x,
 * no repack of dy (XNNPACK's path did both every step).
 */
export function gemmTransposedA(kernels: SimdKernels, a: number, b: number, c: number, m: number, k: number, n: number): void {
  gemmProduct(kernels, { start: a, counts: [m, 1], strides: [4, 0, 0] }, b, c, m, n,
    { counts: [k, 1, 1], aSteps: [4 * m, 0, 0], bSteps: [4 * n, 0, 0] });
}

/** The loops for this backend's heap, or null when they cannot run (no SIMD, heap not reachable). */
export function simdKernels(backend: WasmBackend): SimdKernels | null {
  const memory = heapMemory(backend);
  if (memory == null) return null;
  if (!instances.has(memory)) instances.set(memory, instantiate(memory, wasmThreadCount(backend)));
  return instances.get(memory) ?? null;
}

/** The byte address of a tensor's data in the wasm heap. */
export function heapAddress(backend: WasmBackend, info: { dataId: object }): number {
  const entry = backend.dataIdMap.get(info.dataId);
  if (entry == null) throw new Error("wasm tensor data not found (already disposed?)");
  return entry.memoryOffset;
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

function heapMemory(backend: WasmBackend): WebAssembly.Memory | null {
  const module = (backend as unknown as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}

function instantiate(memory: WebAssembly.Memory, threads: number): SimdKernels | null {
  const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  const bytes = moduleBytes(shared);
  if (!WebAssembly.validate(bytes)) return null;
  let kernels: SimdKernels;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
  } catch {
    return null; // e.g. an engine that will not share this memory: every caller has a fallback
  }
  const pool = shared && threads > 1 ? startGemmPool(bytes, memory, threads - 1, GEMM_ROWS) : null;
  if (pool != null) pools.set(kernels, pool);
  return kernels;
}

/** How many threads this backend's SIMD products run on (1, or the threaded build's count). */
export function productThreads(backend: WasmBackend): number {
  const kernels = simdKernels(backend);
  return kernels == null ? 1 : (pools.get(kernels)?.helpers ?? 0) + 1;
}

/** Helper threads for the products, per module instance (threaded build only). */
const pools = new WeakMap<SimdKernels, GemmPool>();


// ---- the binary format, just what these loops use ----

type Bytes = number[];

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
const str = (s: string): Bytes => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, body: Bytes): Bytes => [id, ...uleb(body.length), ...body];

// Instructions.
const get = (i: number): Bytes => [0x20, ...uleb(i)];
const set = (i: number): Bytes => [0x21, ...uleb(i)];
const tee = (i: number): Bytes => [0x22, ...uleb(i)];
const i32 = (n: number): Bytes => [0x41, ...sleb(n)];
const ADD = 0x6a, SUB = 0x6b, MUL = 0x6c, LT_U = 0x49, LE_U = 0x4d, EQ = 0x46, DIV_U = 0x6e, REM_U = 0x70, EQZ = 0x45;
const simd = (op: number): Bytes => [0xfd, ...uleb(op)];
const load = (offset = 0): Bytes => [0xfd, 0x00, 0x04, ...uleb(offset)]; // v128.load, align 16 (a hint)
const store = (offset = 0): Bytes => [0xfd, 0x0b, 0x04, ...uleb(offset)];
const loadSplat = (): Bytes => [0xfd, 0x09, 0x02, 0x00]; // v128.load32_splat
const zero = (): Bytes => [0xfd, 0x0c, ...new Array(16).fill(0)]; // v128.const 0
const F32X4_SPLAT = 0x13, F32X4_GT = 0x44;
const V128_AND = 0x4e, V128_ANDNOT = 0x4f, V128_BITSELECT = 0x52;
const F32X4_SQRT = 0xe3, F32X4_ADD = 0xe4, F32X4_MUL = 0xe6, F32X4_DIV = 0xe7;

/** `local += step` for an i32 local. */
const bump = (local: number, step: Bytes): Bytes => [...get(local), ...step, ADD, ...set(local)];

/** while (cond) { body } — cond leaves an i32; the body must not branch out of its own blocks. */
function whileLoop(cond: Bytes, body: Bytes): Bytes {
  return [0x02, 0x40, 0x03, 0x40, ...cond, EQZ, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b];
}

/** if (cond) { body } — cond leaves an i32. */
const ifThen = (cond: Bytes, body: Bytes): Bytes => [...cond, 0x04, 0x40, ...body, 0x0b];

const lessU = (a: number, b: number): Bytes => [...get(a), ...get(b), LT_U];

interface Func { name: string; params: number[]; locals: number[]; body: Bytes }

function sumRowsFunc(): Func {
  const [src, dst, rows, cols, p, end, q, qEnd] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: "sumRows", params: [I32, I32, I32, I32], locals: [I32, I32, I32, I32],
    body: [
      ...get(dst), ...get(cols), ...i32(4), MUL, ADD, ...set(qEnd),
      ...get(dst), ...set(q),
      ...whileLoop(lessU(q, qEnd), [...get(q), ...zero(), ...store(), ...bump(q, i32(16))]),
      ...get(src), ...set(p),
      ...get(src), ...get(rows), ...get(cols), MUL, ...i32(4), MUL, ADD, ...set(end),
      ...whileLoop(lessU(p, end), [
        ...get(dst), ...set(q),
        ...whileLoop(lessU(q, qEnd), [
          ...get(q), ...get(q), ...load(), ...get(p), ...load(), ...simd(F32X4_ADD), ...store(),
          ...bump(p, i32(16)), ...bump(q, i32(16)),
        ]),
      ]),
    ],
  };
}

function addRowVectorFunc(): Func {
  const [a, bias, out, rows, cols, end, q, qEnd] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: "addRowVector", params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32],
    body: [
      ...get(a), ...get(rows), ...get(cols), MUL, ...i32(4), MUL, ADD, ...set(end),
      ...get(bias), ...get(cols), ...i32(4), MUL, ADD, ...set(qEnd),
      ...whileLoop(lessU(a, end), [
        ...get(bias), ...set(q),
        ...whileLoop(lessU(q, qEnd), [
          ...get(out), ...get(a), ...load(), ...get(q), ...load(), ...simd(F32X4_ADD), ...store(),
          ...bump(a, i32(16)), ...bump(q, i32(16)), ...bump(out, i32(16)),
        ]),
      ]),
    ],
  };
}

function adamFunc(): Func {
  const [w, g, m, v, w2, m2, v2, n] = [0, 1, 2, 3, 4, 5, 6, 7];
  const scalars = [8, 9, 10, 11, 12, 13, 14]; // beta1, 1−beta1, beta2, 1−beta2, step, c2, epsilon
  const [i, end] = [15, 16];
  const [B1, OB1, B2, OB2, STEP, C2, EPS, G, M] = [17, 18, 19, 20, 21, 22, 23, 24, 25];
  const at = (base: number): Bytes => [...get(base), ...get(i), ADD];
  return {
    name: "adam", params: [I32, I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32],
    locals: [I32, I32, ...new Array(9).fill(V128)],
    body: [
      ...scalars.flatMap((s, k) => [...get(s), ...simd(F32X4_SPLAT), ...set(B1 + k)]),
      ...get(n), ...i32(4), MUL, ...set(end),
      ...whileLoop(lessU(i, end), [
        ...at(g), ...load(), ...set(G),
        // m2 = m·β1 + g·(1−β1)
        ...at(m2), ...at(m), ...load(), ...get(B1), ...simd(F32X4_MUL), ...get(G), ...get(OB1), ...simd(F32X4_MUL),
        ...simd(F32X4_ADD), ...tee(M), ...store(),
        // v2 = v·β2 + g²·(1−β2); w2 = w + step·m2 / (√(v2·c2) + ε)
        ...at(w2), ...at(w), ...load(),
        ...get(STEP), ...get(M), ...simd(F32X4_MUL),
        ...at(v2), ...at(v), ...load(), ...get(B2), ...simd(F32X4_MUL),
        ...get(G), ...get(G), ...simd(F32X4_MUL), ...get(OB2), ...simd(F32X4_MUL), ...simd(F32X4_ADD),
        ...tee(G), ...store(), // G now holds v2
        ...get(G), ...get(C2), ...simd(F32X4_MUL), ...simd(F32X4_SQRT), ...get(EPS), ...simd(F32X4_ADD),
        ...simd(F32X4_DIV), ...simd(F32X4_ADD), ...store(),
        ...bump(i, i32(16)),
      ]),
    ],
  };
}

function maxPoolGrad2x2Func(): Func {
  const [x, dy, dx, rows, outH, inH, outW, inW, channels] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [r, p, yc, cellEnd, rowBytes, cellBytes, delta] = [9, 10, 11, 12, 13, 14, 15];
  const [V00, V01, V10, V11, MAX, C0, C1, C2, C3, GV, NEG_INF] = [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
  const addr = (...parts: number[]): Bytes => [...get(p), ...parts.flatMap((l) => [...get(l), ADD])];
  const gt = (a: number, b: number, out: number): Bytes => [...get(a), ...get(b), ...simd(F32X4_GT), ...set(out)];
  const pick = (value: number, out: number): Bytes => [...get(value), ...get(MAX), ...get(out), ...simd(V128_BITSELECT), ...set(MAX)];
  const andNot = (mask: Bytes, off: number): Bytes => [...mask, ...get(off), ...simd(V128_ANDNOT)];
  const put = (at: Bytes, mask: Bytes): Bytes => [...at, ...get(GV), ...mask, ...simd(V128_AND), ...store()];
  return {
    name: "maxPoolGrad2x2", params: new Array(9).fill(I32), locals: [...new Array(7).fill(I32), ...new Array(11).fill(V128)],
    body: [
      ...get(inW), ...get(channels), MUL, ...i32(4), MUL, ...set(rowBytes),
      ...get(channels), ...i32(4), MUL, ...set(cellBytes),
      ...get(dx), ...get(x), SUB, ...set(delta),
      0x43, 0x00, 0x00, 0x80, 0xff, ...simd(F32X4_SPLAT), ...set(NEG_INF), // f32.const -inf
      ...whileLoop(lessU(r, rows), [
        // p = x + ((r / outH)·inH + 2·(r % outH))·rowBytes
        ...get(x),
        ...get(r), ...get(outH), DIV_U, ...get(inH), MUL, ...get(r), ...get(outH), REM_U, ...i32(2), MUL, ADD,
        ...get(rowBytes), MUL, ADD, ...set(p),
        ...i32(0), ...set(yc),
        ...whileLoop(lessU(yc, outW), [
          ...get(p), ...get(cellBytes), ADD, ...set(cellEnd),
          ...whileLoop(lessU(p, cellEnd), [
            ...addr(), ...load(), ...set(V00),
            ...addr(cellBytes), ...load(), ...set(V01),
            ...addr(rowBytes), ...load(), ...set(V10),
            ...addr(rowBytes, cellBytes), ...load(), ...set(V11),
            // First maximum in scan order (00, 01, 10, 11), like the cpu backend; NaN never wins.
            ...gt(V00, NEG_INF, C0), ...get(V00), ...get(NEG_INF), ...get(C0), ...simd(V128_BITSELECT), ...set(MAX),
            ...gt(V01, MAX, C1), ...pick(V01, C1),
            ...gt(V10, MAX, C2), ...pick(V10, C2),
            ...gt(V11, MAX, C3),
            ...get(dy), ...load(), ...set(GV),
            ...put(addr(delta, rowBytes, cellBytes), get(C3)),
            ...put(addr(delta, rowBytes), andNot(get(C2), C3)),
            ...put(addr(delta, cellBytes), andNot(andNot(get(C1), C2), C3)),
            ...put(addr(delta), andNot(andNot(andNot(get(C0), C1), C2), C3)),
            ...bump(p, i32(16)), ...bump(dy, i32(16)),
          ]),
          ...bump(p, get(cellBytes)), // past the window's second column
          ...bump(yc, i32(1)),
        ]),
        ...bump(r, i32(1)),
      ]),
    ],
  };
}

/**
 * gemm_R_V(c, ldc, b, sb0, jb1, jb2, n0, n1, n2, sa0, ja1, ja2, a_0 … a_R−1): R rows × V vectors
 * of C accumulated in registers over the three-level walk (see GemmWalk), then stored.
 */
function gemmTileFunc(rows: number, vectors: number): Func {
  const [c, ldc, b, sb0, jb1, jb2, n0, n1, n2, sa0, ja1, ja2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const aRow = (r: number) => 12 + r; // walks row r of A
  const [i0, i1, i2] = [12 + rows, 13 + rows, 14 + rows];
  const acc = (r: number, v: number) => 15 + rows + r * vectors + v;
  const bv = (v: number) => 15 + rows + rows * vectors + v;
  const splat = 15 + rows + rows * vectors + vectors;
  const cAt = (r: number): Bytes => [...get(c), ...get(ldc), ...i32(r), MUL, ADD];
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const stepRows = (by: number) => range(rows).flatMap((r) => bump(aRow(r), get(by)));
  const countDown = (i: number) => [...get(i), ...i32(1), SUB, ...set(i)];
  return {
    name: `gemm_${rows}_${vectors}`, params: new Array(12 + rows).fill(I32),
    locals: [I32, I32, I32, ...new Array(rows * vectors + vectors + 1).fill(V128)],
    body: [
      ...get(n2), ...set(i2),
      ...whileLoop(get(i2), [
        ...get(n1), ...set(i1),
        ...whileLoop(get(i1), [
          ...get(n0), ...set(i0),
          ...whileLoop(get(i0), [
            ...range(vectors).flatMap((v) => [...get(b), ...load(16 * v), ...set(bv(v))]),
            ...range(rows).flatMap((r) => [
              ...get(aRow(r)), ...loadSplat(), ...set(splat),
              ...range(vectors).flatMap((v) => [
                ...get(acc(r, v)), ...get(splat), ...get(bv(v)), ...simd(F32X4_MUL), ...simd(F32X4_ADD), ...set(acc(r, v)),
              ]),
            ]),
            ...stepRows(sa0), ...bump(b, get(sb0)), ...countDown(i0),
          ]),
          ...stepRows(ja1), ...bump(b, get(jb1)), ...countDown(i1),
        ]),
        ...stepRows(ja2), ...bump(b, get(jb2)), ...countDown(i2),
      ]),
      ...range(rows).flatMap((r) => range(vectors).flatMap((v) => [...cAt(r), ...get(acc(r, v)), ...store(16 * v)])),
    ],
  };
}

/** The `gemmRows` driver: calls the tile functions (indices from `tileIndex`) over all of C. */
function gemmRowsFunc(tileIndex: (rows: number, vectors: number) => number): Func {
  const [c, ldc, b, sb0, jb1, jb2, n0, n1, n2, sa0, ja1, ja2, a, m, n, r0, lda0, r1, lda1, lda2, first] =
    new Array(21).fill(0).map((_, k) => k);
  const [i, j, r01] = [21, 22, 23];
  const aRow = (r: number) => 24 + r; // where row i + r of A starts
  const range = (count: number) => Array.from({ length: count }, (_, k) => k);
  // Row R = i + r starts at a + (R mod r0)·lda0 + (⌊R/r0⌋ mod r1)·lda1 + ⌊R/(r0·r1)⌋·lda2.
  const rowStarts = (rows: number): Bytes => range(rows).flatMap((r) => {
    const R = [...get(i), ...i32(r), ADD];
    return [
      ...get(a),
      ...R, ...get(r0), REM_U, ...get(lda0), MUL, ADD,
      ...R, ...get(r0), DIV_U, ...get(r1), REM_U, ...get(lda1), MUL, ADD,
      ...R, ...get(r01), DIV_U, ...get(lda2), MUL, ADD,
      ...set(aRow(r)),
    ];
  });
  const call = (rows: number, vectors: number): Bytes => [
    ...get(c), ...get(i), ...get(ldc), MUL, ADD, ...get(j), ...i32(4), MUL, ADD, ...get(ldc),
    ...get(b), ...get(j), ...i32(4), MUL, ADD,
    ...[sb0, jb1, jb2, n0, n1, n2, sa0, ja1, ja2].flatMap(get),
    ...range(rows).flatMap((r) => get(aRow(r))),
    0x10, ...uleb(tileIndex(rows, vectors)),
  ];
  // `left(x, total)` = total − x, the count still to do.
  const left = (x: number, total: number): Bytes => [...get(total), ...get(x), SUB];
  const columns = (rows: number): Bytes => [
    ...rowStarts(rows),
    ...i32(0), ...set(j),
    ...whileLoop([...i32(4 * GEMM_VECTORS), ...left(j, n), LE_U], [...call(rows, GEMM_VECTORS), ...bump(j, i32(4 * GEMM_VECTORS))]),
    ...range(GEMM_VECTORS - 1).flatMap((v) => ifThen([...left(j, n), ...i32(4 * (v + 1)), EQ], call(rows, v + 1))),
  ];
  return {
    name: "gemmRows", params: new Array(21).fill(I32), locals: new Array(3 + GEMM_ROWS).fill(I32),
    body: [
      ...get(r0), ...get(r1), MUL, ...set(r01),
      ...get(first), ...set(i),
      ...whileLoop([...i32(GEMM_ROWS), ...left(i, m), LE_U], [...columns(GEMM_ROWS), ...bump(i, i32(GEMM_ROWS))]),
      ...range(GEMM_ROWS - 1).flatMap((r) => ifThen([...left(i, m), ...i32(r + 1), EQ], columns(r + 1))),
    ],
  };
}

function localGroups(types: number[]): Bytes[] {
  const groups: Bytes[] = [];
  for (let k = 0; k < types.length;) {
    let n = 1;
    while (types[k + n] === types[k]) n++;
    groups.push([...uleb(n), types[k]]);
    k += n;
  }
  return groups;
}

/** The module: imports env.memory (shared for the threaded build), exports the functions. */
export function moduleBytes(shared: boolean): Uint8Array {
  const funcs = [sumRowsFunc(), addRowVectorFunc(), adamFunc(), maxPoolGrad2x2Func()];
  const firstTile = funcs.length;
  for (let rows = 1; rows <= GEMM_ROWS; rows++) {
    for (let vectors = 1; vectors <= GEMM_VECTORS; vectors++) funcs.push(gemmTileFunc(rows, vectors));
  }
  funcs.push(gemmRowsFunc((rows, vectors) => firstTile + (rows - 1) * GEMM_VECTORS + vectors - 1));
  const limits = shared ? [0x03, ...uleb(0), ...uleb(65536)] : [0x00, ...uleb(0)];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(funcs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0x00]))),
    ...section(2, vec([[...str("env"), ...str("memory"), 0x02, ...limits]])),
    ...section(3, vec(funcs.map((_, k) => uleb(k)))),
    ...section(7, vec(funcs.map((f, k) => [...str(f.name), 0x00, ...uleb(k)]))),
    ...section(10, vec(funcs.map((f) => {
      const body = [...vec(localGroups(f.locals)), ...f.body, 0x0b];
      return [...uleb(body.length), ...body];
    }))),
  ];
  return Uint8Array.from(bytes);
}
