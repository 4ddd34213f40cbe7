import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";

/** Options of `findLeaks`. */
export interface FindLeaksOptions {
  /** Names the code being checked in the report (e.g. "cell 5: training loop"). Default "code". */
  label?: string;
  /** Record where each tensor was created (a stack line per tensor; slower). Default true. */
  stacks?: boolean;
  /** Do not count the tensors `fn` returns (a function may hand back what it made). Default true. */
  allowReturned?: boolean;
}

/** Tensors left alive by one place in the code. */
export type LeakSite = {
  /** The source line that created them ("my-cell.ts:12:7"), or "unknown" without stacks. */
  where: string;
  count: number;
  bytes: number;
  /** Shapes and dtypes of (up to 5 of) them, e.g. "float32[32,10]". */
  examples: string[];
};

/** What `findLeaks` found. */
export interface LeakReport {
  label: string;
  /** Tensors created by the code and still alive afterwards (returned ones excluded by default). */
  leakedTensors: number;
  leakedBytes: number;
  /** The leaked tensors grouped by the line that created them, largest count first. */
  sites: LeakSite[];
  /** Change of `tf.memory().numTensors` over the call (includes returned tensors and disposals of older ones). */
  numTensorsDelta: number;
  /** What `fn` returned. */
  result: unknown;
  /** One line for a log. */
  toString(): string;
}

/**
 * Runs `fn` and reports every tensor it created that is still alive when it ends, with the
 * line of code that created it: the way to find a leak (a tensor nobody disposes, so memory
 * grows every step) and to prove a fix (wrap the code in `tf.tidy`, or `dispose()` what you made).
 *
 * @example const report = await findLeaks(() => trainStep(batch), { label: "train step" });
 */
export async function findLeaks(fn: () => unknown, options: FindLeaksOptions = {}): Promise<LeakReport> {
  if (typeof fn !== "function") throw new TrainlabError("findLeaks(fn, {label}): fn must be a function to run.");
  const label = options.label ?? "code";
  const stacks = options.stacks ?? true;
  const engine = tf.engine() as unknown as { trackTensor: (t: tf.Tensor, b: unknown) => void };
  const created = new Map<tf.Tensor, string>();
  const original = engine.trackTensor;
  const before = tf.memory().numTensors;
  engine.trackTensor = function (this: unknown, t: tf.Tensor, b: unknown) {
    created.set(t, stacks ? _callSite(_stack()) : "unknown");
    return original.call(this, t, b);
  };
  let result: unknown;
  try {
    result = await fn();
  } finally {
    engine.trackTensor = original;
  }
  const returned = options.allowReturned ?? true ? _tensorsIn(result) : new Set<tf.Tensor>();
  const bySite = new Map<string, LeakSite>();
  let leakedTensors = 0;
  let leakedBytes = 0;
  for (const [t, where] of created) {
    if (t.isDisposed || returned.has(t)) continue;
    const bytes = t.dtype === "string" ? 0 : t.size * (t.dtype === "complex64" ? 8 : 4);
    leakedTensors++;
    leakedBytes += bytes;
    const site = bySite.get(where) ?? { where, count: 0, bytes: 0, examples: [] };
    site.count++;
    site.bytes += bytes;
    if (site.examples.length < 5) site.examples.push(`${t.dtype}[${t.shape.join(",")}]`);
    bySite.set(where, site);
  }
  const sites = [...bySite.values()].sort((a, b) => b.count - a.count);
  const numTensorsDelta = tf.memory().numTensors - before;
  return {
    label, leakedTensors, leakedBytes, sites, numTensorsDelta, result,
    toString: () =>
      leakedTensors === 0
        ? `${label}: no leaked tensors`
        : `${label}: ${leakedTensors} leaked tensor${leakedTensors === 1 ? "" : "s"} (${_kb(leakedBytes)}), created at ${sites.map((s) => `${s.where} ×${s.count}`).join(", ")}`,
  };
}

/** Options of `watchLeaks`. */
export interface WatchLeaksOptions {
  /** As in `findLeaks`. Default true. */
  stacks?: boolean;
}

/** Runs labelled pieces of code through `findLeaks` and keeps the reports. */
export interface LeakWatcher {
  /** Runs `fn` under `label`, keeps and returns its report. */
  check(label: string, fn: () => unknown): Promise<LeakReport>;
  /** Every report so far, in order. */
  readonly reports: LeakReport[];
  /** One row per check: label, leaked tensors, leaked kB, where — for `lab.table`. */
  rows(): { label: string; leakedTensors: number; leakedKB: number; where: string }[];
}

/**
 * A leak watcher for a notebook: wrap each cell's work in `watcher.check("cell 3", …)`, then
 * `lab.table(watcher.rows())` shows which cell leaked how many tensors, and from which line.
 */
export function watchLeaks(options: WatchLeaksOptions = {}): LeakWatcher {
  const reports: LeakReport[] = [];
  return {
    reports,
    async check(label, fn) {
      const r = await findLeaks(fn, { label, stacks: options.stacks });
      reports.push(r);
      return r;
    },
    rows: () =>
      reports.map((r) => ({
        label: r.label,
        leakedTensors: r.leakedTensors,
        leakedKB: Math.round(r.leakedBytes / 102.4) / 10,
        where: r.sites.map((s) => `${s.where} ×${s.count}`).join("; "),
      })),
  };
}

const _tfDirs = [`${path.sep}@tensorflow${path.sep}`, `${path.sep}kernel-ext${path.sep}dist${path.sep}compute${path.sep}`];

/** The first stack frame outside TensorFlow.js and this file: the learner's line that made the tensor. */
function _callSite(stack: string | undefined): string {
  const lines = (stack ?? "").split("\n").slice(1);
  for (const line of lines) {
    if (_tfDirs.some((d) => line.includes(d)) || line.includes("node:internal")) continue;
    const m = line.match(/\(?([^()\s]+:\d+:\d+)\)?\s*$/);
    if (!m) continue;
    // Cells run as "In[N]" (Trainlab's kernel) or "evalmachine.<anonymous>" (plain tslab); lines count the compiled cell.
    return path.basename(m[1]).replace(/^(In\[\d+\]|evalmachine\.<anonymous>)/, "cell");
  }
  return "unknown";
}

function _stack(): string | undefined {
  // TensorFlow.js calls nest deep; the default 10 frames often stop before the learner's line.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  return stack;
}

function _tensorsIn(value: unknown, out = new Set<tf.Tensor>(), depth = 0): Set<tf.Tensor> {
  if (value instanceof tf.Tensor) out.add(value);
  else if (depth < 4 && Array.isArray(value)) value.forEach((v) => _tensorsIn(v, out, depth + 1));
  else if (depth < 4 && value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    Object.values(value).forEach((v) => _tensorsIn(v, out, depth + 1));
  }
  return out;
}

function _kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}
