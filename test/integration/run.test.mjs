// `trainlab run`: headless execution in real Jupyter; the failing cell's number and real error, and a clear message for a malformed notebook.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "../helpers/jupyter.mjs";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-run-test-"));
const cell = (source) => ({ cell_type: "code", id: Math.random().toString(16).slice(2, 10), metadata: {}, source, outputs: [], execution_count: null });
const notebook = (cells) => JSON.stringify({ cells, metadata: { kernelspec: { name: "trainlab", display_name: "Trainlab", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 });
const trainlab = (...args) => spawnSync(process.execPath, [path.join(root, "bin", "trainlab.js"), ...args], { encoding: "utf8", timeout: 120000 });

describe("trainlab run", function () {
  this.timeout(120000);

  it("writes the executed copy and exits 0", () => {
    const file = path.join(work, "ok.ipynb");
    fs.writeFileSync(file, notebook([cell("const n: number = 6 * 7;"), cell("console.log(n)")]));
    const r = trainlab("run", file, "--out", path.join(work, "ok.done.ipynb"));
    assert.equal(r.status, 0, r.stderr);
    const nb = JSON.parse(fs.readFileSync(path.join(work, "ok.done.ipynb"), "utf8"));
    assert.equal(nb.cells[1].outputs[0].text.join(""), "42\n");
  });

  it("exits 1 naming the failing cell and its real error, and stops there", () => {
    const file = path.join(work, "fails.ipynb");
    fs.writeFileSync(file, notebook([cell("1"), cell("[1, 2].map((x) => x.toFixed(1));"), cell("throw new TypeError('bad input: 3 columns, expected 4')"), cell("console.log('not reached')")]));
    const r = trainlab("run", file);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Cell 3 \(In \[3\]\) failed: TypeError: bad input: 3 columns, expected 4/);
    const nb = JSON.parse(fs.readFileSync(path.join(work, "fails.out.ipynb"), "utf8"));
    assert.equal(nb.cells[3].execution_count, null);
  });

  it("with --allow-errors runs every cell and still exits 1", () => {
    const file = path.join(work, "fails2.ipynb");
    fs.writeFileSync(file, notebook([cell("throw new Error('first')"), cell("console.log('reached')")]));
    const r = trainlab("run", file, "--allow-errors");
    assert.equal(r.status, 1);
    const nb = JSON.parse(fs.readFileSync(path.join(work, "fails2.out.ipynb"), "utf8"));
    assert.equal(nb.cells[1].outputs[0].text.join(""), "reached\n");
  });

  it("explains a malformed notebook instead of crashing", () => {
    const file = path.join(work, "broken.ipynb");
    fs.writeFileSync(file, '{"cells": [ {"cell_type": "code", ');
    const r = trainlab("run", file);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.ipynb is not a readable notebook/);
    assert.match(r.stderr, /Open it in Jupyter to repair it/);
  });

  it("explains a missing notebook", () => {
    const r = trainlab("run", path.join(work, "nope.ipynb"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /No notebook at .*nope\.ipynb/);
  });
});
