// wasm on several threads (Emscripten pthreads as Node worker_threads): it starts with the
// count asked for, trains to the same numbers as one thread and as cpu, lets the process exit,
// and stays on one thread, saying why, where Worker threads are not allowed (a grading child).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as os from "node:os";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const dist = fileURLToPath(new URL("../../../kernel-ext/dist/index.js", import.meta.url));
const simdJs = fileURLToPath(new URL("../../../kernel-ext/dist/train/wasm/simd.js", import.meta.url));
const { planWasmThreads } = require("../../../kernel-ext/dist/train/wasm/threads.js");

// Two dense-layer and two conv training steps from fixed weights, plus a matMul and a conv
// large enough for XNNPACK to split across threads; prints the backend line and the results.
const TRAIN = `
const lab = require(${JSON.stringify(dist)});
const tf = lab.tf;
const wave = (shape, k) => { const n = shape.reduce((a, b) => a * b, 1), v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin(i * 0.77 + k) * 0.5; return tf.tensor(v, shape); };
(async () => {
  const info = await lab.useBestBackend();
  const before = tf.memory().numTensors;
  const out = {};
  out.matMul = tf.tidy(() => Array.from(tf.matMul(wave([96, 300], 1), wave([300, 80], 2)).sum(1).dataSync()));
  // Trainlab's own SIMD products split their rows over the threads: odd counts, Aᵀ·B, a conv.
  out.matMulOdd = tf.tidy(() => Array.from(tf.matMul(wave([97, 300], 6), wave([300, 20], 7)).dataSync()));
  out.matMulT = tf.tidy(() => Array.from(tf.matMul(wave([64, 301], 8), wave([64, 48], 9), true, false).dataSync()));
  out.conv32 = tf.tidy(() => Array.from(tf.conv2d(wave([3, 13, 11, 16], 11), wave([3, 3, 16, 32], 12), 1, "valid").dataSync()));
  const productThreads = require(${JSON.stringify(simdJs)}).productThreads(tf.backend());
  out.conv = tf.tidy(() => Array.from(tf.conv2d(wave([4, 28, 28, 8], 3), wave([3, 3, 8, 16], 4), 1, "same").sum([0, 1, 2]).dataSync()));
  for (const kind of ["mlp", "cnn"]) {
    const m = tf.sequential();
    if (kind === "mlp") {
      m.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
      m.add(tf.layers.dense({ units: 128, activation: "relu" }));
    } else {
      m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: "relu" }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
    }
    m.add(tf.layers.dense({ units: 10, activation: "softmax" }));
    const init = m.getWeights().map((w, i) => tf.tidy(() => wave(w.shape, 10 + i).mul(0.2)));
    m.setWeights(init);
    tf.dispose(init);
    m.compile({ optimizer: tf.train.adam(1e-2), loss: "categoricalCrossentropy" });
    const x = wave([64, 28, 28, 1], 5), y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 10), "int32"), 10));
    const h = await m.fit(x, y, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 });
    out[kind + "Loss"] = h.history.loss;
    out[kind + "Weights"] = m.getWeights().map((w) => tf.tidy(() => w.abs().sum().dataSync()[0]));
    tf.dispose([x, y]); m.optimizer.dispose(); m.dispose();
  }
  console.log("RESULT " + JSON.stringify({ threads: info.threads, productThreads, leaked: tf.memory().numTensors - before, out }));
})();`;

function train(env, nodeFlags = []) {
  const text = execFileSync(process.execPath, [...nodeFlags, "-e", TRAIN], {
    env: { ...process.env, TRAINLAB_BACKEND: "", ...env }, encoding: "utf8", timeout: 120000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const line = text.split("\n").find((l) => l.startsWith("Trainlab backend:"));
  return { line, ...JSON.parse(text.split("\n").find((l) => l.startsWith("RESULT ")).slice(7)) };
}

function assertClose(got, want, tol, what) {
  for (const key of Object.keys(want)) {
    const a = got[key].flat(), b = want[key].flat();
    assert.equal(a.length, b.length, `${what} ${key}: length`);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol * (1 + Math.abs(b[i])),
      `${what} ${key}[${i}]: ${v} vs ${b[i]}`));
  }
}

describe("train: wasm on several threads", function () {
  this.timeout(180000);
  let one;
  before(() => { one = train({ TRAINLAB_WASM_THREADS: "1" }); });

  it("TRAINLAB_WASM_THREADS=2 trains on 2 threads to the numbers of one thread and of cpu, and the process exits", () => {
    const two = train({ TRAINLAB_WASM_THREADS: "2" }); // execFileSync returns only once the process exits by itself
    assert.match(two.line, /^Trainlab backend: wasm \((no )?SIMD, 2 threads\) — /);
    assert.equal(two.threads, 2);
    assert.equal(one.threads, 1);
    assert.equal(two.productThreads, 2, "Trainlab's SIMD products run on both threads");
    assert.equal(one.productThreads, 1);
    assert.match(one.line, /wasm \((no )?SIMD, 1 thread: TRAINLAB_WASM_THREADS=1\)/);
    assert.equal(two.leaked, 0, "tensors leaked on 2 threads");
    assert.equal(one.leaked, 0, "tensors leaked on 1 thread");
    assertClose(two.out, one.out, 1e-5, "2 threads vs 1");
    for (const key of ["matMulOdd", "matMulT", "conv32"]) assert.deepEqual(two.out[key], one.out[key], `${key}: rows split over threads, same bits`);
    const cpu = train({ TRAINLAB_BACKEND: "cpu" });
    assertClose(two.out, cpu.out, 2e-3, "2 threads vs cpu");
  });

  it("under Node's permission model without --allow-worker (a grading child) it stays on one thread and says why", () => {
    const r = train({ TRAINLAB_WASM_THREADS: "2" },
      ["--experimental-permission", "--allow-fs-read=*", "--disable-wasm-trap-handler", "--no-warnings"]);
    assert.match(r.line, /^Trainlab backend: wasm \((no )?SIMD, 1 thread: Node's permission model does not allow Worker threads here\)/);
    assert.equal(r.threads, 1);
    assert.equal(r.productThreads, 1);
    assertClose(r.out, one.out, 0, "permission-model run vs 1 thread");
  });

  it("when the threaded build fails to start, wasm falls back to one thread and says why (not to cpu)", () => {
    const code = `const w = require("@tensorflow/tfjs-backend-wasm"), real = w.setThreadsCount;
      w.setThreadsCount = (n) => { if (n > 1) throw new Error("simulated start failure"); real(n); };
      require(${JSON.stringify(dist)}).useBestBackend().then((i) => console.log("USING " + i.name + " " + i.threads));`;
    const out = execFileSync(process.execPath, ["-e", code], {
      env: { ...process.env, TRAINLAB_BACKEND: "", TRAINLAB_WASM_THREADS: "2" }, encoding: "utf8", timeout: 60000,
    });
    assert.match(out, /Trainlab backend: wasm \((no )?SIMD, 1 thread: the 2-thread build did not start \(simulated start failure\)\)/);
    assert.match(out, /USING wasm 1/);
  });

  it("one thread unless TRAINLAB_WASM_THREADS asks for more (threads are opt-in); a bad value is a TrainlabError", () => {
    assert.deepEqual(planWasmThreads({}), { threads: 1 });
    assert.equal(planWasmThreads({ TRAINLAB_WASM_THREADS: "2" }).threads, 2);
    assert.deepEqual(planWasmThreads({ TRAINLAB_WASM_THREADS: " 1 " }), { threads: 1, reason: "TRAINLAB_WASM_THREADS=1" });
    assert.equal(planWasmThreads({ TRAINLAB_WASM_THREADS: "3" }).threads, 3);
    for (const bad of ["0", "9", "1.5", "two", "-2"]) {
      assert.throws(() => planWasmThreads({ TRAINLAB_WASM_THREADS: bad }),
        { name: "TrainlabError", message: new RegExp(`TRAINLAB_WASM_THREADS="${bad.replace(".", "\\.")}" is not a whole number from 1 to 8`) });
    }
  });
});
