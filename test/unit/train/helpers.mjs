// Shared by the train tests: the built library, wasm initialised, and a cpu-vs-wasm comparator.
import { createRequire } from "node:module";
import assert from "node:assert/strict";

export const lab = createRequire(import.meta.url)("../../../kernel-ext/dist/index.js");
export const tf = lab.tf;

export async function initWasm() {
  await lab.useBestBackend({ force: "wasm", print: false });
}

/** Deterministic values in [-1, 1] (no RNG, so both backends see identical inputs). */
export function pattern(shape, phase = 0) {
  const size = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(size);
  for (let i = 0; i < size; i++) v[i] = Math.sin(i * 1.3 + phase * 7.1) * Math.cos(i * 0.37 + phase);
  return v;
}

/**
 * Runs fn (tensors in → tensor or tensor[] out) on cpu and on wasm with the same inputs;
 * asserts the outputs agree and that wasm leaked neither tensors nor backend data.
 */
export async function sameOnCpuAndWasm(fn, inputSpecs, { tol = 1e-4 } = {}) {
  const results = {};
  for (const backend of ["cpu", "wasm"]) {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const beforeData = tf.backend().numDataIds();
    const out = tf.tidy(() => {
      const inputs = inputSpecs.map(([shape, dtype = "float32", values], i) =>
        tf.tensor(values ?? pattern(shape, i + 1), shape, dtype));
      const r = fn(...inputs);
      return Array.isArray(r) ? r : [r];
    });
    results[backend] = out.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
    tf.dispose(out);
    assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
    assert.equal(tf.backend().numDataIds(), beforeData, `${backend}: backend data leaked`);
  }
  await tf.setBackend("wasm");
  const { cpu, wasm } = results;
  assert.equal(wasm.length, cpu.length);
  for (let k = 0; k < cpu.length; k++) {
    assert.deepEqual(wasm[k].shape, cpu[k].shape, `output ${k} shape`);
    for (let i = 0; i < cpu[k].values.length; i++) {
      const e = cpu[k].values[i];
      const a = wasm[k].values[i];
      assert.ok(Math.abs(a - e) <= tol * (1 + Math.abs(e)) || (Number.isNaN(a) && Number.isNaN(e)),
        `output ${k}[${i}]: wasm ${a} vs cpu ${e}`);
    }
  }
  return results;
}
