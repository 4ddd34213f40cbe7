import * as tf from "@tensorflow/tfjs";

/** Memory in use right now, by TensorFlow.js and by the whole process. */
export type MemoryUsage = {
  /** Live tensors (`tf.memory().numTensors`). */
  tensors: number;
  /** Bytes held by live tensors, in MB. */
  tensorMB: number;
  /** The process's resident set size (all memory it holds: JS heap, wasm memory, native buffers), in MB. */
  rssMB: number;
  /** The JavaScript heap in use, in MB. */
  heapUsedMB: number;
  /** Memory outside the JS heap (ArrayBuffers, wasm), in MB. */
  externalMB: number;
};

/**
 * Takes a snapshot of memory use. Compare two snapshots to see what a piece of code costs; note
 * that RSS rarely goes down (freed memory is kept for reuse), while `tensors` must come back.
 */
export function memoryUsage(): MemoryUsage {
  const m = tf.memory();
  const p = process.memoryUsage();
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return { tensors: m.numTensors, tensorMB: mb(m.numBytes), rssMB: mb(p.rss), heapUsedMB: mb(p.heapUsed), externalMB: mb(p.external + (p.arrayBuffers ?? 0)) };
}
