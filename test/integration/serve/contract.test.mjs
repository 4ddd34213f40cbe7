// TF Serving's REST contract for the predict API, checked by a client written from TF Serving's
// documentation ("RESTful API", tensorflow.org/tfx/serving/api_rest): its URL templates, its
// request examples in row and columnar form, and its example responses, with a model that computes
// what the documentation's example model computes (half_plus_three: y = 0.5·x + 3).
import assert from "node:assert/strict";
import { lab, tf } from "./helpers.mjs";

/** A client that knows only the documented API. */
class TfServingClient {
  constructor(base) {
    this.base = base;
  }
  // POST http://host:port/v1/models/${MODEL_NAME}[/versions/${VERSION}|/labels/${LABEL}]:predict
  url(model, { version, label } = {}) {
    return `${this.base}/v1/models/${model}${version !== undefined ? `/versions/${version}` : label !== undefined ? `/labels/${label}` : ""}`;
  }
  async call(method, url, body) {
    const r = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "Content-Type": "application/json" } });
    return { status: r.status, body: await r.json() };
  }
  predict(model, body, where) {
    return this.call("POST", `${this.url(model, where)}:predict`, body);
  }
  status(model, where) {
    return this.call("GET", this.url(model, where));
  }
  metadata(model, where) {
    return this.call("GET", `${this.url(model, where)}/metadata`);
  }
}

/** y = 0.5·x + offset on each value of a [1, 2] input; a second output z = 2·x when `twoOutputs`. */
function halfPlus(offset, { twoOutputs = false } = {}) {
  const x = tf.input({ shape: [1, 2], name: "x" });
  const y = tf.layers.dense({ units: 2, name: "y", weights: [tf.tensor2d([[0.5, 0], [0, 0.5]]), tf.tensor1d([offset, offset])] }).apply(x);
  if (!twoOutputs) return tf.model({ inputs: x, outputs: y });
  const z = tf.layers.dense({ units: 2, name: "z", useBias: false, weights: [tf.tensor2d([[2, 0], [0, 2]])] }).apply(x);
  return tf.model({ inputs: x, outputs: [y, z] });
}

describe("TF Serving REST contract (a client written from TF Serving's documentation)", function () {
  this.timeout(60000);
  let server, client;
  const models = [];
  before(async () => {
    models.push(halfPlus(3), halfPlus(4), halfPlus(3, { twoOutputs: true }));
    server = await lab.deploy.serve([
      { model: models[0], name: "half_plus_three", version: 123, labels: ["stable"] },
      { model: models[1], name: "half_plus_three", version: 124, labels: ["canary"] },
      { model: models[2], name: "two_outputs" },
    ]);
    client = new TfServingClient(server.url);
  });
  after(async () => {
    await server?.close();
    models.forEach((m) => m.dispose());
  });

  it("row format: a list of 2 tensors each of [1, 2] shape → predictions", async () => {
    const r = await client.predict("half_plus_three", { instances: [[[1, 2]], [[3, 4]]] }, { version: 123 });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { predictions: [[[3.5, 4.0]], [[4.5, 5.0]]] });
  });

  it("row format with the optional signature_name and named-input objects", async () => {
    const r = await client.predict("half_plus_three", { signature_name: "serving_default", instances: [{ x: [[1, 2]] }, { x: [[3, 4]] }] }, { version: 123 });
    assert.deepEqual(r.body, { predictions: [[[3.5, 4.0]], [[4.5, 5.0]]] });
  });

  it("columnar format: inputs as a single tensor → outputs", async () => {
    const r = await client.predict("half_plus_three", { inputs: [[[1, 2]], [[3, 4]]] }, { version: 123 });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { outputs: [[[3.5, 4.0]], [[4.5, 5.0]]] });
  });

  it("columnar format: inputs as a map of input name to tensor → outputs", async () => {
    const r = await client.predict("half_plus_three", { inputs: { x: [[[1, 2]], [[3, 4]]] } }, { label: "stable" });
    assert.deepEqual(r.body, { outputs: [[[3.5, 4.0]], [[4.5, 5.0]]] });
  });

  it("several named outputs: a list of objects (row), an object of outputs (columnar)", async () => {
    const row = await client.predict("two_outputs", { instances: [[[1, 2]]] });
    assert.deepEqual(row.body, { predictions: [{ y: [[3.5, 4.0]], z: [[2, 4]] }] });
    const col = await client.predict("two_outputs", { inputs: [[[1, 2]], [[3, 4]]] });
    assert.deepEqual(col.body, { outputs: { y: [[[3.5, 4.0]], [[4.5, 5.0]]], z: [[[2, 4]], [[6, 8]]] } });
  });

  it("a request can have either instances or inputs but not both", async () => {
    const r = await client.predict("half_plus_three", { instances: [[[1, 2]]], inputs: [[[1, 2]]] });
    assert.equal(r.status, 400);
    assert.equal(typeof r.body.error, "string");
  });

  it("versions: omitted means the latest; /versions/N and /labels/L select one", async () => {
    const latest = await client.predict("half_plus_three", { instances: [[[1, 2]]] });
    assert.deepEqual(latest.body, { predictions: [[[4.5, 5.0]]] });
    const canary = await client.predict("half_plus_three", { instances: [[[1, 2]]] }, { label: "canary" });
    assert.deepEqual(canary.body, latest.body);
    const old = await client.predict("half_plus_three", { instances: [[[1, 2]]] }, { version: 123 });
    assert.deepEqual(old.body, { predictions: [[[3.5, 4.0]]] });
    const missing = await client.predict("half_plus_three", { instances: [[[1, 2]]] }, { version: 7 });
    assert.equal(missing.status, 404);
    assert.equal(typeof missing.body.error, "string");
  });

  it("model status: all versions when omitted, one with /versions/N, as in the documented example", async () => {
    const one = await client.status("half_plus_three", { version: 123 });
    assert.deepEqual(one.body, { model_version_status: [{ version: "123", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } }] });
    const all = await client.status("half_plus_three");
    assert.deepEqual(all.body.model_version_status.map((s) => s.version).sort(), ["123", "124"]);
    const labelled = await client.status("half_plus_three", { label: "stable" });
    assert.equal(labelled.body.model_version_status[0].version, "123");
  });

  it("model metadata: model_spec and the serving_default signature_def", async () => {
    const r = await client.metadata("half_plus_three", { version: 123 });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.model_spec, { name: "half_plus_three", signature_name: "", version: "123" });
    const sig = r.body.metadata.signature_def.signature_def.serving_default;
    assert.equal(sig.method_name, "tensorflow/serving/predict");
    assert.equal(sig.inputs.x.dtype, "DT_FLOAT");
    assert.deepEqual(sig.inputs.x.tensor_shape.dim.map((d) => d.size), ["-1", "1", "2"]);
    const latest = await client.metadata("half_plus_three");
    assert.equal(latest.body.model_spec.version, "124");
  });

  it("an unknown model: 404 with the documented error", async () => {
    const r = await client.predict("half", { instances: [1.0, 5.0] });
    assert.equal(r.status, 404);
    assert.match(r.body.error, /^Servable not found for request: Latest\(half\)/);
  });
});
