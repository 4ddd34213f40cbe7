// deploy.serve with a classical estimator (no tf.LayersModel): knn and a regressor over loopback HTTP.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { request } from "../../integration/serve/helpers.mjs";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");

// Two clusters of 2-D points: class 0 near (0, 0), class 1 near (5, 5).
const X = [[0, 0], [0.5, 0.2], [0.1, 0.7], [5, 5], [5.5, 4.8], [4.7, 5.3]];
const y = [0, 0, 0, 1, 1, 1];

describe("deploy.serve: any fitted estimator (knn) over loopback HTTP", function () {
  let knn, server;
  before(async () => {
    await lab.tf.setBackend("cpu");
    knn = await lab.data.knn({ k: 3 }).fit(X, y);
    server = await lab.deploy.serve({ model: knn, name: "knn", inputShape: [2] }, { batchWindowMs: 5 });
  });
  after(() => server.close());

  it("answers :predict with the estimator's own predictProba, row by row", async () => {
    const instances = [[0.2, 0.1], [5.1, 5.2], [2.6, 2.4], ...Array.from({ length: 20 }, (_, i) => [i / 4, i / 4])];
    const r = await request(`${server.url}/v1/models/knn:predict`, { method: "POST", body: JSON.stringify({ instances }) });
    assert.equal(r.status, 200, r.text);
    const expected = await knn.predictProba(instances);
    assert.equal(r.json.predictions.length, instances.length);
    r.json.predictions.forEach((p, i) => lab.assertAllClose(p, expected[i], 1e-6));
    assert.deepEqual(r.json.predictions.slice(0, 2).map((p) => p.indexOf(Math.max(...p))), [0, 1]);
  });

  it("accepts the columnar format, describes its signature, validates input, and records drift values", async () => {
    const r = await request(`${server.url}/v1/models/knn:predict`, { method: "POST", body: JSON.stringify({ inputs: [[0, 0.1]] }) });
    assert.equal(r.status, 200, r.text);
    lab.assertAllClose(r.json.outputs[0], (await knn.predictProba([[0, 0.1]]))[0], 1e-6);
    const meta = await request(`${server.url}/v1/models/knn/metadata`);
    const sig = meta.json.metadata.signature_def.signature_def.serving_default;
    assert.deepEqual(sig.inputs.input.tensor_shape.dim.map((d) => d.size), ["-1", "2"]);
    assert.ok(sig.outputs.probabilities);
    const bad = await request(`${server.url}/v1/models/knn:predict`, { method: "POST", body: JSON.stringify({ instances: [[1, 2, 3]] }) });
    assert.equal(bad.status, 400);
    assert.ok(server.monitored("knn").input_mean.length >= 24);
  });

  it("monitorColumns computes offline exactly what the server recorded for the estimator", async () => {
    server.clearMonitored("knn");
    const instances = [[0.2, 0.1], [5.1, 5.2], [2.6, 2.4]];
    await request(`${server.url}/v1/models/knn:predict`, { method: "POST", body: JSON.stringify({ instances }) });
    const live = server.monitored("knn");
    const x = lab.tf.tensor(instances);
    const offline = lab.deploy.monitorColumns(knn, x);
    x.dispose();
    assert.deepEqual(Object.keys(offline).sort(), Object.keys(live).sort());
    assert.ok(live.top_score.length === 3);
    for (const k of Object.keys(live)) live[k].forEach((v, i) => lab.assertClose(offline[k][i], v, 1e-6));
  });

  it("serves a regressor's predict (one number per instance) when it has no predictProba", async () => {
    const lin = await lab.data.linearRegression().fit(X, X.map((r) => 2 * r[0] - r[1] + 1));
    const s = await lab.deploy.serve({ model: lin, name: "lin", inputShape: [2] }, { inference: "inline" });
    try {
      const r = await request(`${s.url}/v1/models/lin:predict`, { method: "POST", body: JSON.stringify({ instances: [[1, 1], [3, -2]] }) });
      assert.equal(r.status, 200, r.text);
      lab.assertAllClose(r.json.predictions, [2, 9], 1e-3);
    } finally {
      await s.close();
    }
  });

  it("says what to pass for an estimator without inputShape or one that is not fitted", async () => {
    await assert.rejects(lab.deploy.serve({ model: knn, name: "knn" }), (e) => e instanceof lab.TrainlabError && /pass inputShape/.test(e.message));
    await assert.rejects(lab.deploy.serve({ model: lab.data.knn(), name: "knn", inputShape: [2] }), /not fitted yet/);
  });
});
