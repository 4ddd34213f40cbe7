/**
 * How a learner's result differs from the expected one, in a few readable lines: the shape or
 * length first, then the first differing elements with their indices and how many differ.
 * Numbers, arrays (nested), typed arrays, plain objects, arquero tables and tensors.
 */

/** Options of {@link describeDifference}. */
export interface DifferenceOptions {
  /** Numbers this close (absolute) count as equal. Default 1e-9. */
  tol?: number;
  /** How many differing elements to list. Default 5. */
  maxShown?: number;
}

/** One element of a value: where it is ("[2][0]", ".mean", "age[3]") and what it holds. */
export type Leaf = [where: string, value: unknown];

/**
 * Lines saying how `actual` differs from `expected` ("" when they agree): first the kind or
 * shape, then up to `maxShown` differing elements ("[3]: expected 2, got 2.5"), then how many
 * more differ.
 */
export function describeDifference(actual: unknown, expected: unknown, options: DifferenceOptions = {}): string {
  const tol = options.tol ?? 1e-9;
  const maxShown = options.maxShown ?? 5;
  const a = comparable(actual);
  const e = comparable(expected);
  const kindA = kindOf(a);
  const kindE = kindOf(e);
  if (kindE === "scalar" || kindA === "scalar") {
    return sameLeaf(a, e, tol) ? "" : `expected ${show(e)}, got ${show(a)}`;
  }
  if (kindA !== kindE) return `expected ${describeKind(e)}, got ${describeKind(a)}: ${show(a)}`;
  const lines: string[] = [];
  const shapeA = shapeOf(a);
  const shapeE = shapeOf(e);
  if (shapeA !== shapeE) lines.push(`expected ${shapeE}, got ${shapeA}`);
  const leavesA = new Map(leaves(a));
  const leavesE = leaves(e);
  const differing: string[] = [];
  let count = 0;
  let shared = 0;
  for (const [where, want] of leavesE) {
    if (!leavesA.has(where)) {
      if (kindE === "object") count++, differing.length < maxShown && differing.push(`${where}: missing (expected ${show(want)})`);
      continue;
    }
    const got = leavesA.get(where);
    leavesA.delete(where);
    shared++;
    if (!sameLeaf(got, want, tol)) {
      count++;
      if (differing.length < maxShown) differing.push(`${where}: expected ${show(want)}, got ${show(got)}`);
    }
  }
  if (kindE === "object") {
    for (const [where, got] of leavesA) {
      count++;
      if (differing.length < maxShown) differing.push(`${where}: not expected (got ${show(got)})`);
    }
  }
  if (count > 0) {
    const of = kindE === "object" ? "" : ` of the ${shared} ${shapeA === shapeE ? "" : "shared "}elements`;
    lines.push(`${count}${of} differ${count === 1 ? "s" : ""}${count > maxShown ? `; the first ${maxShown}` : ""}:`);
    lines.push(...differing.map((d) => `  ${d}`));
  }
  return lines.join("\n");
}

/** Arrays, objects, tables and tensors as plain arrays and objects; other values unchanged. */
export function comparable(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<unknown>);
  if (isTensor(v)) return { $tensor: v.shape, values: v.arraySync() };
  if (isTable(v)) return { $table: Object.fromEntries(v.columnNames().map((c) => [c, Array.from(v.array(c) as ArrayLike<unknown>)])) };
  return v;
}

/** Every scalar element of a comparable value, with where it is. */
export function leaves(v: unknown, where = ""): Leaf[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(comparable(x), `${where}[${i}]`));
  if (isRecord(v)) {
    if ("$tensor" in v) return leaves(v.values, where);
    if ("$table" in v) return Object.entries(v.$table as Record<string, unknown[]>).flatMap(([c, xs]) => leaves(xs, `${where}${c}`));
    return Object.entries(v).flatMap(([k, x]) => leaves(comparable(x), `${where}.${k}`));
  }
  return [[where || "value", v]];
}

/** Two scalars agree: equal, both NaN, or numbers within `tol`. */
export function sameLeaf(a: unknown, b: unknown, tol: number): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= tol;
  return Object.is(a, b);
}

/** A short text for a value (at most 60 characters). */
export function show(v: unknown): string {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "function") return "a function";
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return `${v}n`;
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + "…" : s;
}

type Kind = "scalar" | "array" | "object" | "table" | "tensor";

function kindOf(v: unknown): Kind {
  if (Array.isArray(v)) return "array";
  if (isRecord(v)) return "$tensor" in v ? "tensor" : "$table" in v ? "table" : "object";
  return "scalar";
}

function describeKind(v: unknown): string {
  const kind = kindOf(v);
  return kind === "scalar" ? (v === null ? "null" : typeof v) : kind === "array" ? "an array" : kind === "object" ? "an object" : `a ${kind}`;
}

/** "an array of 3", "a 2×3 array", "a tensor of shape [2,3]", "a table of 4 rows × columns a, b", "an object with keys a, b". */
function shapeOf(v: unknown): string {
  const kind = kindOf(v);
  if (kind === "tensor") return `a tensor of shape [${((v as { $tensor: number[] }).$tensor).join(", ")}]`;
  if (kind === "table") {
    const cols = (v as { $table: Record<string, unknown[]> }).$table;
    const names = Object.keys(cols);
    return `a table of ${names.length ? cols[names[0]].length : 0} rows with columns ${names.join(", ") || "(none)"}`;
  }
  if (kind === "object") return `an object with keys ${Object.keys(v as object).sort().join(", ") || "(none)"}`;
  const dims = arrayShape(v);
  if (dims) return dims.length === 1 ? `an array of ${dims[0]}` : `a ${dims.join("×")} array`;
  return `an array of ${(v as unknown[]).length} (ragged)`;
}

/** The dimensions of a rectangular nested array, or null when ragged. */
function arrayShape(v: unknown): number[] | null {
  if (!Array.isArray(v)) return [];
  if (v.length === 0) return [0];
  const inner = v.map((x) => arrayShape(comparable(x)));
  const first = JSON.stringify(inner[0]);
  if (inner.some((s) => s === null || JSON.stringify(s) !== first)) return null;
  return [v.length, ...inner[0]!];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function isTensor(v: unknown): v is { shape: number[]; arraySync(): unknown } {
  return !!v && typeof v === "object" && Array.isArray((v as { shape?: unknown }).shape) && typeof (v as { arraySync?: unknown }).arraySync === "function";
}

function isTable(v: unknown): v is { columnNames(): string[]; array(name: string): unknown } {
  return !!v && typeof v === "object" && typeof (v as { columnNames?: unknown }).columnNames === "function" && typeof (v as { array?: unknown }).array === "function";
}
