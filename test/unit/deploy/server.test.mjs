import assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import { createRequire } from "node:module";
import { request } from "../../integration/serve/helpers.mjs";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tf = require("@tensorflow/tfjs");

function tinyModel() {
  const input = tf.input({ shape: [2, 3], name: "features" });
  const flat = tf.layers.flatten().apply(input);
  const out = tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(flat);
  return tf.model({ inputs: input, outputs: out });
}


const instance = (k) => [[k, k + 1, k + 2], [0.5 * k, -k, 1]];

describe("deploy.serve: TF-Serving REST API over real HTTP", function () {
  let model, server, predictUrl;
  before(async () => {
    await tf.setBackend("cpu");
    model = tinyModel();
    const card = lab.deploy.describeModel(model, { name: "tiny", metrics: { accuracy: 0.5 }, data: { source: "unit test", version: "1" } });
    server = await lab.deploy.serve({ model, card }, { maxBodyBytes: 2000, maxInstances: 20, batchWindowMs: 10 });
    predictUrl = `${server.url}/v1/models/tiny:predict`;
  });
  after(async () => {
    await server.close();
    model.dispose();
  });

  it("listens on 127.0.0.1 only", () => assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/));

  it("predicts in a worker thread on the training core's best backend", () => {
    assert.equal(server.inference.mode, "worker");
    assert.match(server.inference.why, /^Trainlab backend: /);
    assert.ok(["wasm", "tensorflow", "tensorflow-gpu", "cpu"].includes(server.inference.backend));
  });

  it("GET /v1/models/NAME reports the version AVAILABLE", async () => {
    const r = await request(`${server.url}/v1/models/tiny`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.model_version_status[0], { version: "1", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } });
  });

  it("GET /v1/models/NAME/metadata gives the serving_default signature and the card", async () => {
    const r = await request(`${server.url}/v1/models/tiny/metadata`);
    assert.equal(r.status, 200);
    const sig = r.json.metadata.signature_def.signature_def.serving_default;
    assert.deepEqual(sig.inputs.features.tensor_shape.dim.map((d) => d.size), ["-1", "2", "3"]);
    assert.equal(sig.method_name, "tensorflow/serving/predict");
    assert.equal(r.json.card.name, "tiny");
  });

  it("POST :predict returns the model's predictions", async () => {
    const instances = [instance(1), instance(2)];
    const r = await request(predictUrl, { method: "POST", body: JSON.stringify({ instances }) });
    assert.equal(r.status, 200);
    const expected = tf.tidy(() => model.predict(tf.tensor(instances)).arraySync());
    assert.equal(r.json.predictions.length, 2);
    r.json.predictions.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) < 1e-6)));
  });

  it("accepts instances as {inputName: value} objects", async () => {
    const r = await request(predictUrl, { method: "POST", body: JSON.stringify({ instances: [{ features: instance(3) }] }) });
    assert.equal(r.status, 200);
    assert.equal(r.json.predictions.length, 1);
  });

  const bad = [
    ["malformed JSON", '{"instances": [1, 2', 400, /Malformed JSON/],
    ["a JSON array instead of an object", "[1,2,3]", 400, /JSON object/],
    ["missing instances", '{"inputs_x": []}', 400, /Missing "instances"/],
    ["columnar inputs of the wrong shape", '{"inputs": [[1]]}', 400, /inputs\[0\] has length 1; expected 2/],
    ["both instances and inputs", JSON.stringify({ instances: [instance(1)], inputs: [instance(1)] }), 400, /not both/],
    ["instances not an array", '{"instances": 5}', 400, /must be an array/],
    ["empty instances", '{"instances": []}', 400, /empty/],
    ["too many instances", JSON.stringify({ instances: Array.from({ length: 21 }, (_, i) => instance(i)) }), 400, /at most 20/],
    ["wrong outer length", JSON.stringify({ instances: [[[1, 2, 3]]] }), 400, /instances\[0\] has length 1; expected 2/],
    ["wrong inner length", JSON.stringify({ instances: [[[1, 2, 3], [1, 2]]] }), 400, /instances\[0\]\[1\] has length 2; expected 3/],
    ["flat instead of nested", JSON.stringify({ instances: [[1, 2, 3, 4, 5, 6]] }), 400, /has length 6; expected 2/],
    ["a string value", JSON.stringify({ instances: [[[1, "2", 3], [1, 2, 3]]] }), 400, /instances\[0\]\[0\]\[1\] is a string/],
    ["a null value", JSON.stringify({ instances: [[[1, 2, 3], [1, null, 3]]] }), 400, /instances\[0\]\[1\]\[1\] is null/],
    ["a boolean value", JSON.stringify({ instances: [[[1, 2, 3], [1, 2, true]]] }), 400, /is a boolean/],
    ["an object with the wrong key", JSON.stringify({ instances: [{ image: instance(1) }] }), 400, /input name "features"/],
    ["an unknown signature", JSON.stringify({ signature_name: "other", instances: [instance(1)] }), 400, /signature_name/],
  ];
  for (const [what, body, status, message] of bad) {
    it(`answers ${status} with a JSON error for ${what}`, async () => {
      const r = await request(predictUrl, { method: "POST", body });
      assert.equal(r.status, status);
      assert.equal(typeof r.json.error, "string");
      assert.match(r.json.error, message);
    });
  }

  it("answers 413 for a body over the limit (declared length)", async () => {
    const body = JSON.stringify({ instances: Array.from({ length: 200 }, (_, i) => instance(i)) });
    assert.ok(body.length > 2000);
    const r = await request(predictUrl, { method: "POST", body });
    assert.equal(r.status, 413);
    assert.match(r.json.error, /limit/);
  });

  it("answers 413 for a chunked body that grows over the limit", async () => {
    const r = await new Promise((resolve, reject) => {
      const req = http.request(predictUrl, { method: "POST", headers: { "Transfer-Encoding": "chunked" } }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      });
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("[" + "1,".repeat(300) + "1]");
      req.end();
    });
    assert.equal(r.status, 413);
  });

  it("answers 404 for an unknown model and an unknown path", async () => {
    const a = await request(`${server.url}/v1/models/nope:predict`, { method: "POST", body: "{}" });
    assert.equal(a.status, 404);
    assert.match(a.json.error, /Servable not found.*nope/);
    const b = await request(`${server.url}/v2/whatever`);
    assert.equal(b.status, 404);
    assert.match(b.json.error, /Unknown path/);
    const c = await request(`${server.url}/v1/models/tiny/versions/7`);
    assert.equal(c.status, 404);
  });

  it("answers 405 with Allow for a wrong method", async () => {
    const a = await request(predictUrl);
    assert.equal(a.status, 405);
    assert.equal(a.headers.allow, "POST");
    const b = await request(`${server.url}/v1/models/tiny`, { method: "POST", body: "{}" });
    assert.equal(b.status, 405);
    assert.equal(b.headers.allow, "GET");
    const c = await request(`${server.url}/v1/models/tiny:predict`, { method: "DELETE" });
    assert.equal(c.status, 405);
  });

  it("survives raw garbage on the socket and keeps answering", async () => {
    const reply = await new Promise((resolve) => {
      const s = net.connect(server.port, "127.0.0.1", () => s.write("THIS IS NOT HTTP\r\n\r\n"));
      let data = "";
      s.on("data", (c) => (data += c));
      s.on("close", () => resolve(data));
      s.on("error", () => resolve(data));
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    const r = await request(predictUrl, { method: "POST", body: JSON.stringify({ instances: [instance(1)] }) });
    assert.equal(r.status, 200);
  });

  it("batches concurrent requests and answers each with its own predictions", async () => {
    const before = server.stats();
    const n = 40;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => request(predictUrl, { method: "POST", body: JSON.stringify({ instances: [instance(i)] }) })),
    );
    const expected = tf.tidy(() => model.predict(tf.tensor(Array.from({ length: n }, (_, i) => instance(i)))).arraySync());
    replies.forEach((r, i) => {
      assert.equal(r.status, 200);
      r.json.predictions[0].forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) < 1e-6, `request ${i}`));
    });
    const after = server.stats();
    const batches = after.batches - before.batches;
    assert.equal(after.instances - before.instances, n);
    assert.ok(batches < n / 2, `${n} concurrent requests ran in ${batches} batches`);
  });

  it("records monitored values for drift checks and leaks no tensors", async () => {
    server.clearMonitored();
    const start = tf.memory().numTensors;
    await request(predictUrl, { method: "POST", body: JSON.stringify({ instances: [instance(0)] }) });
    const inWorker = server.stats().modelTensors;
    await request(predictUrl, { method: "POST", body: JSON.stringify({ instances: [instance(1), instance(2), instance(3)] }) });
    assert.equal(tf.memory().numTensors, start);
    assert.equal(server.stats().modelTensors, inWorker, "tensors in the inference worker");
    server.clearMonitored();
    await request(predictUrl, { method: "POST", body: JSON.stringify({ instances: [instance(1), instance(2), instance(3)] }) });
    const cols = server.monitored("tiny");
    assert.deepEqual(Object.keys(cols).sort(), ["input_mean", "input_std", "top_score"]);
    assert.equal(cols.input_mean.length, 3);
    assert.ok(Math.abs(cols.input_mean[0] - (1 + 2 + 3 + 0.5 - 1 + 1) / 6) < 1e-6);
  });
});

describe("deploy.serve: graceful shutdown", () => {
  it("finishes in-flight requests, then refuses connections; close() can be awaited twice", async () => {
    const model = tinyModel();
    const server = await lab.deploy.serve({ model, name: "tiny" }, { batchWindowMs: 100 });
    const url = `${server.url}/v1/models/tiny:predict`;
    const pending = Array.from({ length: 10 }, (_, i) => request(url, { method: "POST", body: JSON.stringify({ instances: [instance(i)] }) }));
    await new Promise((r) => setTimeout(r, 30)); // the requests are now waiting in the 100 ms batch window
    const closing = server.close();
    const replies = await Promise.all(pending);
    replies.forEach((r) => assert.equal(r.status, 200));
    await closing;
    await server.close();
    assert.equal(server.closed, true);
    await assert.rejects(request(`${server.url}/v1/models/tiny`), /ECONNREFUSED/);
    model.dispose();
  });
});

describe("deploy.loadTest", () => {
  it("measures latency percentiles against a loopback server", async () => {
    const model = tinyModel();
    const server = await lab.deploy.serve({ model, name: "tiny" });
    const res = await lab.deploy.loadTest(`${server.url}/v1/models/tiny:predict`, { body: (i) => ({ instances: [instance(i)] }), requests: 60, concurrency: 6 });
    await server.close();
    model.dispose();
    assert.equal(res.completed, 60);
    assert.equal(res.byStatus[200], 60);
    const l = res.latencyMs;
    assert.ok(l.p50 > 0 && l.p50 <= l.p90 && l.p90 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max);
    assert.ok(res.throughput > 0);
  });
  it("refuses non-loopback targets and unbounded runs", async () => {
    await assert.rejects(lab.deploy.loadTest("http://example.com/v1/models/x:predict", { body: {} }), /only targets this machine/);
    await assert.rejects(lab.deploy.loadTest("http://127.0.0.1:1/", { body: {}, requests: 1e6 }), /requests must be/);
  });
  it("percentile interpolates like numpy", () => {
    // numpy.percentile([1, 2, 3, 4], [50, 90]) == [2.5, 3.7]
    assert.equal(lab.deploy.percentile([1, 2, 3, 4], 50), 2.5);
    assert.ok(Math.abs(lab.deploy.percentile([1, 2, 3, 4], 90) - 3.7) < 1e-12);
  });
});

describe("deploy.monitorColumns", () => {
  it("computes offline exactly what the server records for the same inputs", async () => {
    const model = tinyModel();
    const server = await lab.deploy.serve({ model, name: "tiny" });
    const instances = [instance(1), instance(4), instance(-2)];
    await request(`${server.url}/v1/models/tiny:predict`, { method: "POST", body: JSON.stringify({ instances }) });
    const live = server.monitored();
    await server.close();
    const x = tf.tensor(instances);
    const offline = lab.deploy.monitorColumns(model, x);
    x.dispose();
    for (const k of Object.keys(live)) live[k].forEach((v, i) => assert.ok(Math.abs(v - offline[k][i]) < 1e-6, `${k}[${i}]`));
    model.dispose();
  });
});

describe("deploy.serve: inline inference (where worker threads are refused)", function () {
  this.timeout(60000);
  it("falls back to predicting on this thread under Node's permission model, and says why", async () => {
    const { spawnSync } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const script = `const lab = require(${JSON.stringify(root + "kernel-ext/dist/index.js")}); const tf = lab.tf;
      const x = tf.input({ shape: [2] }); const m = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 1 }).apply(x) });
      lab.deploy.serve({ model: m, name: "m" }).then(async (s) => {
        const r = await fetch(s.url + "/v1/models/m:predict", { method: "POST", body: JSON.stringify({ instances: [[1, 2]] }) });
        console.log(JSON.stringify({ mode: s.inference.mode, why: s.inference.why, status: r.status })); await s.close(); });`;
    const r = spawnSync(process.execPath, ["--experimental-permission", `--allow-fs-read=${root}*`, "-e", script], { encoding: "utf8", timeout: 50000 });
    const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
    assert.ok(line, r.stderr);
    const out = JSON.parse(line);
    assert.equal(out.mode, "inline");
    assert.match(out.why, /no worker thread/);
    assert.equal(out.status, 200);
  });

  it("answers a status request between the chunks of a long inline batch", async () => {
    await tf.setBackend("cpu");
    const fashion = await lab.deploy.loadWithCard(new URL("../../../models/fashion-base", import.meta.url).pathname);
    const server = await lab.deploy.serve(fashion, { inference: "inline", maxBodyBytes: 4_000_000 });
    assert.equal(server.inference.mode, "inline");
    const image = Array.from({ length: 28 }, () => Array.from({ length: 28 }, () => [0.5]));
    const big = request(`${server.url}/v1/models/fashion-base:predict`, { method: "POST", body: JSON.stringify({ instances: Array.from({ length: 256 }, () => image) }) }).then((r) => ({ ...r, at: performance.now() }));
    const t0 = Date.now();
    while (!server.stats().computing && Date.now() - t0 < 20000) await new Promise((r) => setTimeout(r, 2));
    assert.ok(server.stats().computing);
    const status = await request(`${server.url}/v1/models/fashion-base`);
    const statusAt = performance.now();
    assert.equal(status.status, 200);
    const done = await big;
    assert.equal(done.status, 200);
    assert.ok(statusAt < done.at, "the status answer waited for the whole batch");
    await server.close();
    fashion.model.dispose();
  });

  it("refuses a prediction the model computes as NaN/Infinity (float32 overflow inside the model) and records nothing", async () => {
    const x = tf.input({ shape: [2] });
    const y = tf.layers.dense({ units: 1, weights: [tf.tensor2d([[1e30], [1e30]]), tf.tensor1d([0])] }).apply(x);
    const model = tf.model({ inputs: x, outputs: y });
    const server = await lab.deploy.serve({ model, name: "big" }, { inference: "inline" });
    const ok = await request(`${server.url}/v1/models/big:predict`, { method: "POST", body: JSON.stringify({ instances: [[1e-30, 0]] }) });
    assert.equal(ok.status, 200);
    const r = await request(`${server.url}/v1/models/big:predict`, { method: "POST", body: JSON.stringify({ instances: [[1, 2], [1e10, 1e10]] }) });
    assert.equal(r.status, 400);
    assert.match(r.json.error, /output for instances\[1\] is not finite/);
    assert.equal(server.monitored().input_mean.length, 1);
    await server.close();
    model.dispose();
  });
});
