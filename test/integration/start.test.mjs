// `npm start` (bin/start.sh): Jupyter Notebook on notebooks/ with the Trainlab kernel, over its real HTTP API.
import assert from "node:assert/strict";
import path from "node:path";
import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { root, require, python } from "../helpers/jupyter.mjs";
import { renderedDom, startNotebookServer } from "../helpers/browser.mjs";

describe("npm start (Jupyter Notebook with the Trainlab kernel)", function () {
  this.timeout(90000);
  let server;
  let base;
  let token;
  let api;

  before(async () => {
    server = await startNotebookServer(root);
    ({ base, token, api } = server);
  });

  const scratch = path.join(root, "notebooks", `trainlab-test-${process.pid}.ipynb`);

  after(() => {
    server?.stop();
    fs.rmSync(scratch, { force: true });
  });

  it("serves notebooks/ and offers the Trainlab kernel", async () => {
    const specs = await (await api("/api/kernelspecs")).json();
    assert.ok(specs.kernelspecs.trainlab, `kernel specs: ${Object.keys(specs.kernelspecs)}`);
    assert.equal(specs.kernelspecs.trainlab.spec.display_name, "Trainlab (TypeScript)");
    const contents = await (await api("/api/contents")).json();
    assert.ok(contents.content.some((f) => f.name === "00-getting-started.ipynb"));
  });

  it("starts a Trainlab kernel that stays alive", async () => {
    const kernel = await (await api("/api/kernels", { method: "POST", body: JSON.stringify({ name: "trainlab" }) })).json();
    assert.equal(kernel.name, "trainlab");
    await new Promise((r) => setTimeout(r, 3000));
    const listed = await (await api(`/api/kernels/${kernel.id}`)).json();
    assert.equal(listed.id, kernel.id);
    assert.notEqual(listed.execution_state, "dead");
    assert.equal((await api(`/api/kernels/${kernel.id}`, { method: "DELETE" })).status, 204);
  });

  it("draws an executed chapter's plots in classic Notebook, where require.js is loaded", async function () {
    const { buildChapter, listChapters } = require(path.join(root, "instructor/dist/lessons/index.js"));
    const { runNotebook } = require(path.join(root, "instructor/dist/cli/run.js"));
    const [chapter0] = listChapters(path.join(root, "lessons"));
    fs.writeFileSync(scratch, buildChapter(chapter0, "instructor"));
    assert.equal(runNotebook(scratch, { out: scratch }).status, 0);
    // Outputs a user produced in their own session are trusted; a file from elsewhere must be signed.
    assert.equal(spawnSync(python(), ["-m", "nbformat.sign", scratch]).status, 0);
    const figures = JSON.parse(fs.readFileSync(scratch, "utf8")).cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.data?.["application/vnd.plotly.v1+json"]));
    assert.ok(figures.length >= 2);
    const dom = renderedDom(`${base}/notebooks/${path.basename(scratch)}?token=${token}`);
    assert.equal((dom.match(/class="trainlab-plot js-plotly-plot"/g) ?? []).length, figures.length, "every figure drawn by plotly");
    assert.equal((dom.match(/class="trace scatter/g) ?? []).length, figures.length);
  });

  it("serves plotly.js from kernel/nbextensions (JUPYTER_PATH), for figures on a page that lacks it", async () => {
    const r = await api("/nbextensions/trainlab/plotly-cartesian.min.js");
    assert.equal(r.status, 200);
    const text = await r.text();
    assert.match(text.slice(0, 200), /plotly\.js \(cartesian - minified\)/);
    assert.ok(text.length > 1_000_000);
  });
});
