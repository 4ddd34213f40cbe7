/** A request problem the server answers with a 4xx status and {"error": message}. */
export class RequestError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks a parsed :predict body against the model's input shape (without the batch dimension) and
 * returns the instances as one flat Float32Array. Accepts TF-Serving's row format
 * {"instances": [x, ...]} where each x is a nested array of that shape, or {inputName: nested array}.
 */
export function parseInstances(body: unknown, shape: number[], inputName: string, maxInstances: number): { values: Float32Array; count: number } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RequestError(400, 'The body must be a JSON object like {"instances": [...]}.');
  }
  const b = body as Record<string, unknown>;
  if (b.signature_name !== undefined && b.signature_name !== "serving_default") {
    throw new RequestError(400, `Unknown signature_name ${JSON.stringify(b.signature_name)}; this server has only "serving_default".`);
  }
  if ("inputs" in b) throw new RequestError(400, 'The columnar "inputs" format is not supported; send {"instances": [...]} (one entry per example).');
  if (!("instances" in b)) throw new RequestError(400, 'Missing "instances": send {"instances": [...]} with one entry per example.');
  const instances = b.instances;
  if (!Array.isArray(instances)) throw new RequestError(400, `"instances" must be an array, got ${_kind(instances)}.`);
  if (instances.length === 0) throw new RequestError(400, '"instances" is empty; send at least one example.');
  if (instances.length > maxInstances) throw new RequestError(400, `"instances" has ${instances.length} examples; at most ${maxInstances} per request.`);
  const size = shape.reduce((a, d) => a * d, 1);
  const values = new Float32Array(instances.length * size);
  instances.forEach((inst, i) => {
    let x: unknown = inst;
    if (typeof inst === "object" && inst !== null && !Array.isArray(inst)) {
      const keys = Object.keys(inst);
      if (keys.length !== 1 || keys[0] !== inputName) {
        throw new RequestError(400, `instances[${i}] is an object with keys [${keys.join(", ")}]; use the input name "${inputName}" or send the array itself.`);
      }
      x = (inst as Record<string, unknown>)[inputName];
    }
    let offset = i * size;
    const walk = (v: unknown, depth: number, where: string): void => {
      if (depth === shape.length) {
        if (typeof v !== "number") throw new RequestError(400, `${where} is ${_kind(v)}; expected a number.`);
        if (!Number.isFinite(v)) throw new RequestError(400, `${where} is not a finite number.`);
        values[offset++] = v;
        return;
      }
      if (!Array.isArray(v)) throw new RequestError(400, `${where} is ${_kind(v)}; expected an array of length ${shape[depth]} (each instance has shape [${shape}]).`);
      if (v.length !== shape[depth]) {
        throw new RequestError(400, `${where} has length ${v.length}; expected ${shape[depth]} (each instance has shape [${shape}], got [${_shapeOf(x)}]).`);
      }
      for (let k = 0; k < v.length; k++) walk(v[k], depth + 1, `${where}[${k}]`);
    };
    walk(x, 0, `instances[${i}]`);
  });
  return { values, count: instances.length };
}

function _kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "string") return `a string (${JSON.stringify(v.length > 20 ? v.slice(0, 20) + "…" : v)})`;
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
