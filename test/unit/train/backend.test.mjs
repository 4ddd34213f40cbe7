// useBestBackend: order, forcing, idempotence, the once-per-process line, and the self-test
// that refuses a backend computing garbage.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { initWasm, lab, tf } from "./helpers.mjs";

const dist = fileURLToPath(new URL("../../../kernel-ext/dist/index.js", import.meta.url));
const runNode = (code, env = {}) => {
  try {
    return { out: execFileSync(process.execPath, ["-e", code], { env: { ...process.env, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }), code: 0 };
  } catch (e) {
    return { out: String(e.stdout) + String(e.stderr), code: e.status };
  }
};

describe("train: useBestBackend", function () {
  before(initWasm);

  it("picks the fastest installed backend that passes the self-test, and says why in one line, once", () => {
    const { out } = runNode(`const lab = require(${JSON.stringify(dist)});
      (async () => { const a = await lab.useBestBackend(); const b = await lab.useBestBackend();
        console.log(JSON.stringify({ same: a === b, name: a.name, tf: lab.tf.getBackend(), attempts: a.attempts })); })();`,
    { TRAINLAB_BACKEND: "" });
    const lines = out.trim().split("\n");
    const summary = lines.filter((l) => l.startsWith("Trainlab backend:"));
    assert.equal(summary.length, 1, out);
    const info = JSON.parse(lines.at(-1));
    assert.ok(info.same, "second call returns the first answer");
    assert.equal(info.tf, info.name === "tensorflow-gpu" ? "tensorflow" : info.name);
    const names = info.attempts.map((a) => a.name);
    assert.deepEqual(names, ["tensorflow-gpu", "tensorflow", "wasm", "cpu"].slice(0, names.length), "tried in order");
    for (const a of info.attempts.slice(0, -1)) assert.ok(!a.ok && a.why, "every refused candidate says why");
    if (info.name === "wasm") {
      assert.match(summary[0], /^Trainlab backend: wasm \((no )?SIMD, \d+ threads?(: [^)]+)?\) — .*@tensorflow\/tfjs-node(-gpu)? not installed/);
    }
    assert.doesNotMatch(out, /Hi, looks like you are running TensorFlow.js in Node.js/, "tfjs' own banner is not shown");
  });

  it("TRAINLAB_BACKEND forces a backend, and an unknown name lists the valid ones", () => {
    const code = `const lab = require(${JSON.stringify(dist)});
      lab.useBestBackend().then((i) => console.log("USING " + i.name + " " + lab.tf.getBackend()), (e) => { console.log(e.name + ": " + e.message); process.exit(3); });`;
    assert.match(runNode(code, { TRAINLAB_BACKEND: "cpu" }).out, /USING cpu cpu/);
    const bad = runNode(code, { TRAINLAB_BACKEND: "gpu" });
    assert.equal(bad.code, 3);
    assert.match(bad.out, /TrainlabError: Unknown backend "gpu" \(from TRAINLAB_BACKEND\); use one of: tensorflow-gpu, tensorflow, wasm, cpu/);
  });

  it("forcing a backend that is not installed fails with a TrainlabError saying so", async () => {
    let hasNode = true;
    try { await import("@tensorflow/tfjs-node"); } catch { hasNode = false; }
    if (hasNode) this.skip();
    await assert.rejects(lab.useBestBackend({ force: "tensorflow", print: false }),
      { name: "TrainlabError", message: /Backend "tensorflow" cannot be used here: @tensorflow\/tfjs-node not installed/ });
    assert.equal(tf.getBackend(), "wasm", "the backend in use is left alone");
  });

  it("the self-test's known values are what cpu computes, and wasm agrees with them", async () => {
    const known = lab.train.KNOWN_CPU_CHECKSUMS;
    assert.deepEqual(Object.keys(known), ["loss", "grad0", "grad1", "grad2", "grad3", "grad4", "grad5"]);
    for (const backend of ["cpu", "wasm"]) {
      const step = await lab.train.selfTestStep(backend);
      for (const [key, values] of Object.entries(step)) {
        const got = lab.train.checksums(values);
        // cpu must reproduce them (float64 sums of the same float32 values); wasm's kernels round differently.
        const tol = backend === "cpu" ? 1e-5 : 1e-3;
        got.forEach((v, j) => assert.ok(Math.abs(v - known[key][j]) <= tol * known[key][2] + 1e-9,
          `${backend} ${key} checksum ${j}: ${v} vs known ${known[key][j]} (regenerate: node test/fixtures/train/make_selftest_reference.mjs)`));
      }
    }
    assert.equal(tf.getBackend(), "wasm");
  });

  it("the self-test passes on cpu and wasm and refuses a backend that computes garbage", async () => {
    assert.equal((await lab.train.selfTest("wasm")).ok, true);
    assert.equal((await lab.train.selfTest("cpu")).ok, true);
    const Cpu = tf.findBackend("cpu").constructor;
    tf.registerBackend("trainlab-broken", () => Object.assign(new Cpu(), { firstUse: false }));
    tf.copyRegisteredKernels("cpu", "trainlab-broken");
    // A backend whose conv filter gradient is off by a little, as a miscompiled kernel would be.
    const good = tf.getKernel("Conv2DBackpropFilter", "cpu");
    tf.unregisterKernel("Conv2DBackpropFilter", "trainlab-broken");
    tf.registerKernel({ ...good, backendName: "trainlab-broken", kernelFunc: (args) => {
      const out = good.kernelFunc(args);
      const values = args.backend.data.get(out.dataId).values;
      values[0] += 0.05;
      return out;
    } });
    const r = await lab.train.selfTest("trainlab-broken");
    assert.equal(r.ok, false);
    assert.match(r.problem, /grad\d\[0\] is .* on trainlab-broken but .* on cpu/);
    assert.equal(tf.getBackend(), "wasm", "selfTest puts the previous backend back");
    tf.removeBackend("trainlab-broken");
  });
});
