/** A request problem the server answers with a 4xx/5xx status and {"error": message}. */
export class RequestError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    /** Extra response headers, e.g. Retry-After on 503. */
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The dtypes a served input can have; values are checked in this dtype, not as JavaScript doubles. */
export type InputDtype = "float32" | "int32";

/** What one model input takes: the signature a request is checked against. */
export interface InputSignature {
  /** The input's name (the key in {"inputs": {NAME: …}} and in row objects). */
  name: string;
  /** Shape of one instance, without the batch dimension. */
  shape: number[];
  /** Dtype the model computes in. Default "float32". */
  dtype?: InputDtype;
}

/** Options for {@link parsePredictRequest}. */
export interface ParseOptions {
  /** Most instances in one request; more gets 400. */
  maxInstances: number;
}

/** A checked :predict request: the instances as one flat typed array in the model's dtype. */
export interface PredictRequest {
  /** "row" for {"instances": …} (answered with "predictions"), "columnar" for {"inputs": …} (answered with "outputs"). */
  format: "row" | "columnar";
  values: Float32Array | Int32Array;
  /** Number of instances (the batch size). */
  count: number;
}

/** Largest finite float32 (FLT_MAX). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** What {@link parseJsonBody} puts in place of the NaN / Infinity tokens TF Serving's JSON allows, so the check can name them. */
export const NON_FINITE_TOKEN = "\u0000non-finite:";

/**
 * Checks a parsed :predict body against the model's input signature, as TF Serving's REST API
 * defines it: row format {"instances": [x, …]} (each x a nested array of the instance shape, or
 * {NAME: x}) or columnar format {"inputs": X} / {"inputs": {NAME: X}} with X of shape
 * [batch, …shape]. Every value must be representable in the input's dtype: a double such as 1e300
 * is finite in JavaScript but Infinity as float32, and is refused with its position named.
 */
export function parsePredictRequest(body: unknown, input: InputSignature, options: ParseOptions): PredictRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RequestError(400, 'The body must be a JSON object like {"instances": [...]} or {"inputs": ...}.');
  }
  const b = body as Record<string, unknown>;
  if (b.signature_name !== undefined && b.signature_name !== "serving_default") {
    throw new RequestError(400, `Unknown signature_name ${excerpt(b.signature_name)}; this server has only "serving_default".`);
  }
  const hasRows = "instances" in b;
  const hasColumns = "inputs" in b;
  if (hasRows && hasColumns) throw new RequestError(400, 'The body has both "instances" and "inputs"; a request can have either of them but not both.');
  if (!hasRows && !hasColumns) {
    throw new RequestError(400, 'Missing "instances" (or "inputs"): send {"instances": [...]} with one entry per example, or {"inputs": [...]} (columnar).');
  }
  return hasRows ? _rows(b.instances, input, options) : _columns(b.inputs, input, options);
}

function _rows(instances: unknown, input: InputSignature, options: ParseOptions): PredictRequest {
  if (!Array.isArray(instances)) throw new RequestError(400, `"instances" must be an array, got ${kindOf(instances)}.`);
  const count = _count(instances.length, "instances", options);
  const checker = new _Checker(input, count);
  instances.forEach((inst, i) => {
    let x: unknown = inst;
    if (typeof inst === "object" && inst !== null && !Array.isArray(inst)) {
      const keys = Object.keys(inst);
      if (keys.length !== 1 || keys[0] !== input.name) {
        throw new RequestError(400, `instances[${i}] is an object with keys ${excerpt(keys)}; use the input name "${input.name}" or send the array itself.`);
      }
      x = (inst as Record<string, unknown>)[input.name];
    }
    checker.instance(x, `instances[${i}]`);
  });
  return { format: "row", values: checker.values, count };
}

function _columns(inputs: unknown, input: InputSignature, options: ParseOptions): PredictRequest {
  let x = inputs;
  let where = "inputs";
  if (typeof inputs === "object" && inputs !== null && !Array.isArray(inputs)) {
    const keys = Object.keys(inputs);
    if (keys.length !== 1 || keys[0] !== input.name) {
      throw new RequestError(400, `"inputs" is an object with keys ${excerpt(keys)}; this model has one input, "${input.name}": send {"inputs": {"${input.name}": [...]}} or {"inputs": [...]}.`);
    }
    x = (inputs as Record<string, unknown>)[input.name];
    where = `inputs.${input.name}`;
  }
  if (!Array.isArray(x)) throw new RequestError(400, `${where} must be an array of shape [batch, ${input.shape.join(", ")}], got ${kindOf(x)}.`);
  const count = _count(x.length, where, options);
  const checker = new _Checker(input, count);
  x.forEach((inst, i) => checker.instance(inst, `${where}[${i}]`));
  return { format: "columnar", values: checker.values, count };
}

function _count(n: number, where: string, options: ParseOptions): number {
  if (n === 0) throw new RequestError(400, `${where} is empty; send at least one example.`);
  if (n > options.maxInstances) throw new RequestError(400, `${where} has ${n} examples; at most ${options.maxInstances} per request. Split it into several requests.`);
  return n;
}

/** Walks instances into one flat typed array, checking shape and every leaf; builds position strings only on error. */
class _Checker {
  readonly values: Float32Array | Int32Array;
  private _at = 0;
  private readonly _shape: number[];
  private readonly _dtype: InputDtype;
  private readonly _path: number[] = [];

  constructor(input: InputSignature, count: number) {
    this._shape = input.shape;
    this._dtype = input.dtype ?? "float32";
    const size = input.shape.reduce((a, d) => a * d, 1);
    this.values = this._dtype === "int32" ? new Int32Array(count * size) : new Float32Array(count * size);
  }

  instance(x: unknown, where: string): void {
    this._path.length = 0;
    this._walk(x, 0, where, x);
  }

  private _walk(v: unknown, depth: number, where: string, whole: unknown): void {
    const shape = this._shape;
    if (depth === shape.length) {
      this.values[this._at++] = this._leaf(v, where);
      return;
    }
    if (!Array.isArray(v)) {
      throw new RequestError(400, `${this._where(where)} is ${kindOf(v)}; expected an array of length ${shape[depth]} (each instance has shape [${shape}]).`);
    }
    if (v.length !== shape[depth]) {
      throw new RequestError(400, `${this._where(where)} has length ${v.length}; expected ${shape[depth]} (each instance has shape [${shape}], got [${_shapeOf(whole)}]).`);
    }
    for (let k = 0; k < v.length; k++) {
      this._path.push(k);
      this._walk(v[k], depth + 1, where, whole);
      this._path.pop();
    }
  }

  private _leaf(v: unknown, where: string): number {
    if (typeof v === "string" && v.startsWith(NON_FINITE_TOKEN)) {
      throw new RequestError(400, `${this._where(where)} is ${v.slice(NON_FINITE_TOKEN.length)}; the model takes finite ${this._dtype} values only.`);
    }
    if (typeof v !== "number") throw new RequestError(400, `${this._where(where)} is ${kindOf(v)}; expected a number.`);
    if (this._dtype === "int32") {
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        throw new RequestError(400, `${this._where(where)} is ${excerpt(v)}; the model takes int32 values (whole numbers from -2147483648 to 2147483647).`);
      }
      return v;
    }
    const f = Math.fround(v);
    if (!Number.isFinite(f)) {
      throw new RequestError(400, `${this._where(where)} is ${v}, which overflows float32 (the model's dtype: largest magnitude ${FLOAT32_MAX.toPrecision(8)}); send values in the model's input range.`);
    }
    return f;
  }

  private _where(where: string): string {
    return where + this._path.map((k) => `[${k}]`).join("");
  }
}

/** A short, safe description of any value for an error message: never more than ~60 characters of the input. */
export function excerpt(v: unknown, max = 60): string {
  let text: string;
  try {
    text = typeof v === "string" ? JSON.stringify(v.length > max ? v.slice(0, max) : v) : (JSON.stringify(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length > 10 * max ? "long" : text.length + " characters"})` : text;
}

/** A string cut to at most `max` characters (with "…"), for names from the URL in messages. */
export function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** How a value reads in an error message ("a string ("ab…")", "null", "an array of length 3"). */
export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "string") return `a string (${excerpt(v, 20)})`;
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

function _shapeOf(v: unknown): number[] {
  const out: number[] = [];
  while (Array.isArray(v)) {
    out.push(v.length);
    v = v[0];
  }
  return out;
}
