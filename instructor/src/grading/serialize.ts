import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { MAX_ERROR_MESSAGE, MAX_ERROR_NAME } from "./protocol";

/**
 * The value serialization between the grader and a learner's process: a JSON-safe tree in which
 * plain JSON values stand for themselves and everything else is a tagged object `{$: tag, …}`.
 *
 * | value                                | encoded as                                          |
 * |--------------------------------------|-----------------------------------------------------|
 * | finite number (not -0), string, boolean, null | itself                                     |
 * | NaN, Infinity, -Infinity, -0         | `{$: "number", value: "NaN" | "Infinity" | "-Infinity" | "-0"}` |
 * | undefined                            | `{$: "undefined"}`                                  |
 * | bigint                               | `{$: "bigint", value: "123"}`                       |
 * | array                                | array of encoded items (holes become undefined)     |
 * | plain object                         | `{$: "object", value: {key: encoded}}` (own enumerable string keys) |
 * | typed array                          | `{$: "typedarray", type: "Float32Array", base64: "…"}` (its bytes; BigInt arrays: `values: ["1", …]` encoded items) |
 * | Map / Set                            | `{$: "map", entries: [[k, v], …]}` / `{$: "set", values: […]}` |
 * | Date                                 | `{$: "date", value: ISO string}`                    |
 * | Error                                | `{$: "error", name, message}` (cut to 200 and 4000 characters) |
 * | tensor (tf.Tensor)                   | `{$: "tensor", shape, dtype, base64}` for float32/int32/bool (the bytes of its Float32/Int32/Uint8Array); other dtypes `values: [flat values]` |
 * | arquero table                        | `{$: "table", columns: [[name, [values]], …]}`       |
 *
 * Numeric arrays travel as base64 of their bytes (exact, NaN and -0 included): as decimal JSON a
 * float32 took ~18 bytes and a parse per element, and the text of a million-float argument cost a
 * grading child ~150 MB at its peak (chapters 7 and 8).
 *
 * Functions, symbols, cycles and nesting deeper than {@link MAX_DEPTH} cannot be sent: encode
 * throws a TrainlabError saying which. Decoding checks every tag, so a hostile process cannot
 * make the grader build anything but data.
 */
export type Encoded = null | boolean | number | string | Encoded[] | { $: string; [key: string]: unknown };

/** Deeper values are refused (a guard against pathological results). */
export const MAX_DEPTH = 64;

type TypedArrayConstructor = { new (buffer: ArrayBuffer): ArrayLike<number | bigint>; BYTES_PER_ELEMENT: number };

/** The typed arrays that can be sent, by constructor name (nothing else is ever constructed). */
const TYPED_ARRAYS: Record<string, TypedArrayConstructor> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

/** Tensor dtypes sent as bytes, and the typed array dataSync() gives for each. */
const TENSOR_BYTES: Record<string, TypedArrayConstructor> = { float32: Float32Array, int32: Int32Array, bool: Uint8Array };

const BIGINT_ARRAYS = new Set(["BigInt64Array", "BigUint64Array"]);

/** Encodes a value for the trip between processes (see {@link Encoded}). */
export function encode(value: unknown): Encoded {
  return encodeValue(value, 0, new Set());
}

/** Options of {@link decode}. */
export interface DecodeOptions {
  /**
   * Builds a tensor from `{shape, dtype, values}`. Default: a real `tf.Tensor` from the
   * @tensorflow/tfjs this library uses, so tests written for `check()` work unchanged.
   */
  tensor?: (t: { shape: number[]; dtype: string; values: ArrayLike<unknown> }) => unknown;
  /** Builds a table from its columns. Default: an arquero table (`aq.table(columns)`). */
  table?: (columns: Record<string, unknown[]>) => unknown;
}

/** Decodes what {@link encode} produced; throws a TrainlabError on anything malformed. */
export function decode(encoded: unknown, options: DecodeOptions = {}): unknown {
  return decodeValue(encoded, options, 0);
}

function encodeValue(value: unknown, depth: number, seen: Set<object>): Encoded {
  if (depth > MAX_DEPTH) throw new TrainlabError(`the value is nested deeper than ${MAX_DEPTH} levels; return flatter data.`);
  switch (typeof value) {
    case "number":
      if (Number.isNaN(value)) return { $: "number", value: "NaN" };
      if (value === Infinity) return { $: "number", value: "Infinity" };
      if (value === -Infinity) return { $: "number", value: "-Infinity" };
      if (Object.is(value, -0)) return { $: "number", value: "-0" };
      return value;
    case "string":
    case "boolean":
      return value;
    case "undefined":
      return { $: "undefined" };
    case "bigint":
      return { $: "bigint", value: value.toString() };
    case "function":
      throw new TrainlabError("a function cannot be sent between processes; return data (numbers, arrays, objects, tensors, tables).");
    case "symbol":
      throw new TrainlabError("a symbol cannot be sent between processes; return data (numbers, arrays, objects, tensors, tables).");
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) throw new TrainlabError("the value contains a cycle (an object that contains itself); return data without cycles.");
  seen.add(object);
  try {
    return encodeObject(object, depth, seen);
  } finally {
    seen.delete(object);
  }
}

function encodeObject(object: object, depth: number, seen: Set<object>): Encoded {
  const item = (v: unknown) => encodeValue(v, depth + 1, seen);
  if (Array.isArray(object)) return Array.from(object, item);
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    const type = object.constructor.name;
    if (!Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, type) || !(object instanceof TYPED_ARRAYS[type])) {
      throw new TrainlabError(`a ${type} cannot be sent; use a standard typed array.`);
    }
    if (BIGINT_ARRAYS.has(type)) return { $: "typedarray", type, values: Array.from(object as unknown as ArrayLike<bigint>, item) };
    return { $: "typedarray", type, base64: base64Of(object) };
  }
  if (object instanceof Map) return { $: "map", entries: Array.from(object, ([k, v]) => [item(k), item(v)]) };
  if (object instanceof Set) return { $: "set", values: Array.from(object, item) };
  if (object instanceof Date) return { $: "date", value: Number.isNaN(object.getTime()) ? null : object.toISOString() };
  if (object instanceof Error) return { $: "error", name: String(object.name).slice(0, MAX_ERROR_NAME), message: String(object.message).slice(0, MAX_ERROR_MESSAGE) };
  if (isTensor(object)) {
    if (object.isDisposed) throw new TrainlabError("the tensor was disposed before it could be sent; return a tensor that is still alive.");
    const data = object.dataSync();
    const Bytes = TENSOR_BYTES[object.dtype];
    if (Bytes != null && data instanceof Bytes) return { $: "tensor", shape: [...object.shape], dtype: object.dtype, base64: base64Of(data as unknown as ArrayBufferView) };
    return { $: "tensor", shape: [...object.shape], dtype: object.dtype, values: Array.from(data, item) };
  }
  if (isTable(object)) {
    return { $: "table", columns: object.columnNames().map((name) => [name, Array.from(object.array(name), item)]) };
  }
  const value: Record<string, Encoded> = {};
  for (const key of Object.keys(object)) define(value, key, item((object as Record<string, unknown>)[key]));
  return { $: "object", value };
}

interface TensorLike {
  shape: number[];
  dtype: string;
  isDisposed?: boolean;
  dataSync(): ArrayLike<unknown>;
}

function isTensor(v: object): v is TensorLike {
  const t = v as Partial<TensorLike> & { rank?: unknown };
  return Array.isArray(t.shape) && typeof t.dtype === "string" && typeof t.dataSync === "function" && typeof t.rank === "number";
}

interface TableLike {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
}

function isTable(v: object): v is TableLike {
  const t = v as Partial<TableLike>;
  return typeof t.columnNames === "function" && typeof t.numRows === "function" && typeof t.array === "function";
}

const NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };

function decodeValue(e: unknown, options: DecodeOptions, depth: number): unknown {
  if (depth > MAX_DEPTH + 1) throw malformed("nested too deeply");
  if (e === null || typeof e === "boolean" || typeof e === "string") return e;
  if (typeof e === "number") {
    if (!Number.isFinite(e)) throw malformed("a bare non-finite number");
    return e;
  }
  if (typeof e !== "object") throw malformed(`a ${typeof e}`);
  const item = (v: unknown) => decodeValue(v, options, depth + 1);
  if (Array.isArray(e)) return e.map(item);
  const tagged = e as Record<string, unknown>;
  switch (tagged.$) {
    case "number": {
      const key = String(tagged.value);
      if (!Object.prototype.hasOwnProperty.call(NUMBERS, key)) throw malformed(`number "${key}"`);
      return NUMBERS[key];
    }
    case "undefined":
      return undefined;
    case "bigint":
      if (typeof tagged.value !== "string" || !/^-?\d+$/.test(tagged.value)) throw malformed("bigint");
      return BigInt(tagged.value);
    case "object": {
      const source = tagged.value;
      if (!source || typeof source !== "object" || Array.isArray(source)) throw malformed("object");
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(source)) {
        define(out, key, item((source as Record<string, unknown>)[key]));
      }
      return out;
    }
    case "typedarray": {
      const type = String(tagged.type);
      if (!Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, type)) throw malformed(`typed array ${type}`);
      if (BIGINT_ARRAYS.has(type)) {
        if (!Array.isArray(tagged.values)) throw malformed(`typed array ${type}`);
        const values = tagged.values.map(item);
        if (!values.every((v) => typeof v === "bigint")) throw malformed(`typed array ${type} of non-bigints`);
        return new (TYPED_ARRAYS[type] as unknown as new (v: bigint[]) => unknown)(values as bigint[]);
      }
      return fromBase64(tagged.base64, TYPED_ARRAYS[type], `typed array ${type}`);
    }
    case "map":
      if (!Array.isArray(tagged.entries) || !tagged.entries.every((p) => Array.isArray(p) && p.length === 2)) throw malformed("map");
      return new Map((tagged.entries as unknown[][]).map(([k, v]) => [item(k), item(v)]));
    case "set":
      if (!Array.isArray(tagged.values)) throw malformed("set");
      return new Set(tagged.values.map(item));
    case "date":
      return new Date(tagged.value === null ? NaN : String(tagged.value));
    case "error": {
      const error = new Error(String(tagged.message ?? "").slice(0, MAX_ERROR_MESSAGE));
      error.name = String(tagged.name ?? "Error").slice(0, MAX_ERROR_NAME);
      return error;
    }
    case "tensor": {
      const { shape, dtype } = tagged;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0) || typeof dtype !== "string") throw malformed("tensor");
      const Bytes = Object.prototype.hasOwnProperty.call(TENSOR_BYTES, dtype) ? TENSOR_BYTES[dtype] : undefined;
      let values: ArrayLike<unknown>;
      if (Bytes != null && tagged.base64 !== undefined) values = fromBase64(tagged.base64, Bytes, `tensor of dtype ${dtype}`);
      else if (Array.isArray(tagged.values)) values = tagged.values.map(item);
      else throw malformed("tensor");
      const size = shape.reduce((a: number, b: number) => a * b, 1);
      if (size !== values.length) throw malformed(`tensor of shape [${shape}] with ${values.length} values`);
      return (options.tensor ?? defaultTensor)({ shape: shape as number[], dtype, values });
    }
    case "table": {
      if (!Array.isArray(tagged.columns)) throw malformed("table");
      const columns: Record<string, unknown[]> = {};
      for (const column of tagged.columns as unknown[]) {
        if (!Array.isArray(column) || column.length !== 2 || typeof column[0] !== "string" || !Array.isArray(column[1])) throw malformed("table column");
        define(columns, column[0], column[1].map(item));
      }
      return (options.table ?? defaultTable)(columns);
    }
    default:
      throw malformed(`tag ${JSON.stringify(String(tagged.$))}`);
  }
}

/** The bytes of a typed array as base64. */
function base64Of(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

/**
 * A new typed array from base64 that encode wrote: refused unless it is canonical base64 (Node's
 * decoder would skip stray characters) of a whole number of elements.
 */
function fromBase64(base64: unknown, Ctor: TypedArrayConstructor, what: string): ArrayLike<number | bigint> {
  if (typeof base64 !== "string" || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw malformed(`${what}: not base64`);
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length % Ctor.BYTES_PER_ELEMENT !== 0) throw malformed(`${what}: ${bytes.length} bytes is not a whole number of elements`);
  const own = new ArrayBuffer(bytes.length); // Buffer's pool may not be aligned for the type
  new Uint8Array(own).set(bytes);
  return new Ctor(own);
}

/** Sets a property with defineProperty, so a key named "__proto__" stays a plain key. */
function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function malformed(what: string): TrainlabError {
  return new TrainlabError(`the value could not be read (${what}); it was not written by Trainlab's serialization.`);
}

function defaultTensor(t: { shape: number[]; dtype: string; values: ArrayLike<unknown> }): unknown {
  const tf = require("@tensorflow/tfjs");
  return tf.tensor(ArrayBuffer.isView(t.values) ? t.values : Array.from(t.values), t.shape, t.dtype);
}

function defaultTable(columns: Record<string, unknown[]>): unknown {
  // arquero is ESM-only; Node ≥ 20.19 loads it with require().
  const aq = require("arquero");
  return aq.table(columns);
}
