/**
 * The self-test a backend must pass before Trainlab trains on it: one gradient step of a tiny
 * conv + embedding model (conv stride 1 "same" and stride 2 "valid", a depthwise conv, a
 * gather, a dense layer), compared value by value with the same step on the pure-JS `cpu`
 * backend, whose own results are first checked against known values (checksums computed once
 * on cpu: test/fixtures/train/make_selftest_reference.mjs). A backend that loads but computes
 * garbage is refused, the cpu backend included.
 */
import * as tf from "@tensorflow/tfjs";

/** Result of selfTest: ok, or the first quantity that differed and by how much. */
export interface SelfTestResult {
  ok: boolean;
  /** Largest |backend − cpu| / (1 + |cpu|) over every value compared. */
  maxError: number;
  /** What differed, when not ok (or the error the step threw). */
  problem?: string;
}

const TOLERANCE = 1e-3;
let reference: Promise<Record<string, Float32Array>> | null = null;

/**
 * [Σ v, Σ v·((i mod 7) − 3), Σ |v|] of the loss and of each gradient of the step, on tfjs
 * 4.22's cpu backend. Regenerate with `node test/fixtures/train/make_selftest_reference.mjs`.
 */
export const KNOWN_CPU_CHECKSUMS: Record<string, [number, number, number]> = {
  loss: [0.7531567811965942, -2.2594703435897827, 0.7531567811965942],
  grad0: [0.07392189033998875, -0.0020887861828668974, 0.47910812921327306],
  grad1: [-0.0037243226506689098, 0.01253965343494201, 0.03078683036073926],
  grad2: [0.00011062467137890053, -0.0004839111516048433, 0.006804618809383101],
  grad3: [0.01052694022655487, -0.5103673003613949, 0.24822732619941235],
  grad4: [-2.1445885067805648e-09, -0.368443871027921, 0.7754518185010966],
  grad5: [0.06057385276290006, 0.40389960486936616, 2.835849128288828],
};

/** The two checksums of one result (float64 sums of float32 values). */
export function checksums(values: ArrayLike<number>): [number, number, number] {
  let sum = 0;
  let weighted = 0;
  let magnitude = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    weighted += values[i] * ((i % 7) - 3);
    magnitude += Math.abs(values[i]);
  }
  return [sum, weighted, magnitude];
}

/** Runs the self-test step on backend `name` and returns every result (for the fixture script). */
export async function selfTestStep(name: string): Promise<Record<string, Float32Array>> {
  const previous = tf.getBackend();
  try {
    return await runStepOn(name);
  } finally {
    if (previous && previous !== tf.getBackend()) await tf.setBackend(previous);
  }
}

function checkReference(expected: Record<string, Float32Array>): string | null {
  for (const [key, known] of Object.entries(KNOWN_CPU_CHECKSUMS)) {
    const got = checksums(expected[key] ?? []);
    for (let j = 0; j < 3; j++) {
      // Relative to the values' magnitude: float32 rounding of sums, nothing more, is allowed.
      if (!(Math.abs(got[j] - known[j]) <= 1e-5 * known[2] + 1e-9)) {
        return `the cpu reference itself is off: checksum ${j} of ${key} is ${got[j]}, known ${known[j]}`;
      }
    }
  }
  return null;
}

/** Runs the step on backend `name` (already registered) and compares it with `cpu`. */
export async function selfTest(name: string): Promise<SelfTestResult> {
  const previous = tf.getBackend();
  try {
    reference ??= runStepOn("cpu");
    const expected = await reference;
    const off = checkReference(expected);
    if (off) return { ok: false, maxError: Infinity, problem: off };
    const actual = await runStepOn(name);
    let maxError = 0;
    for (const key of Object.keys(expected)) {
      const e = expected[key];
      const a = actual[key];
      for (let i = 0; i < e.length; i++) {
        const err = Math.abs(a[i] - e[i]) / (1 + Math.abs(e[i]));
        if (!(err <= TOLERANCE)) {
          return { ok: false, maxError: Number.isNaN(err) ? Infinity : err,
            problem: `${key}[${i}] is ${a[i]} on ${name} but ${e[i]} on cpu` };
        }
        maxError = Math.max(maxError, err);
      }
    }
    return { ok: true, maxError };
  } catch (error) {
    return { ok: false, maxError: Infinity, problem: `the step threw: ${(error as Error).message}` };
  } finally {
    if (previous && previous !== tf.getBackend()) await tf.setBackend(previous);
  }
}

/** A fixed, reproducible number pattern (no RNG: every backend must see the same inputs). */
function pattern(shape: number[], phase: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = Math.sin(i * 0.7 + phase) * 0.5;
  return tf.tensor(values, shape);
}

async function runStepOn(name: string): Promise<Record<string, Float32Array>> {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} did not initialise`);
  // The cpu backend greets Node users with a banner about tfjs-node; Trainlab prints its own line.
  if (name === "cpu") (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  const out = tf.tidy(() => {
    const x = pattern([2, 6, 6, 2], 0.1) as tf.Tensor4D;
    const w1 = pattern([3, 3, 2, 3], 0.2) as tf.Tensor4D;
    const w2 = pattern([2, 2, 3, 4], 0.3) as tf.Tensor4D;
    const dw = pattern([3, 3, 4, 2], 0.4) as tf.Tensor4D;
    const emb = pattern([5, 3], 0.5) as tf.Tensor2D;
    const dense = pattern([2 * 2 * 8 + 3, 2], 0.6) as tf.Tensor2D;
    const ids = tf.tensor1d([1, 4, 1, 0], "int32");
    const f = (w1v: tf.Tensor, w2v: tf.Tensor, dwv: tf.Tensor, embv: tf.Tensor, densev: tf.Tensor, xv: tf.Tensor) => {
      const h1 = tf.relu(tf.conv2d(xv as tf.Tensor4D, w1v as tf.Tensor4D, 1, "same"));
      const h2 = tf.conv2d(h1, w2v as tf.Tensor4D, 2, "valid"); // [2, 3, 3, 4]
      const h3 = tf.depthwiseConv2d(h2, dwv as tf.Tensor4D, 2, "same"); // [2, 2, 2, 8]
      const e = tf.gather(embv, ids).reshape([2, 2, 3]).sum(1); // [2, 3]
      const feats = tf.concat([h3.reshape([2, 32]), e], 1);
      const logits = tf.matMul(feats, densev as tf.Tensor2D);
      return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([0, 1], "int32"), 2), logits);
    };
    const grads = tf.grads(f)([w1, w2, dw, emb, dense, x]);
    return { loss: f(w1, w2, dw, emb, dense, x), ...Object.fromEntries(grads.map((g, i) => [`grad${i}`, g])) };
  });
  const result: Record<string, Float32Array> = {};
  for (const [key, t] of Object.entries(out)) {
    result[key] = (await t.data()) as Float32Array;
    t.dispose();
  }
  return result;
}
