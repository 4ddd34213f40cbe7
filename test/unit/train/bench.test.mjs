// `trainlab bench` as a tool: it trains, measures and writes its table (timings are never asserted).
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const require = createRequire(import.meta.url);
const bench = require("../../../instructor/dist/bench/bench.js");

function quiet(fn) {
  const log = console.log, error = console.error, write = process.stdout.write;
  const lines = [];
  console.log = console.error = (...a) => lines.push(a.join(" "));
  process.stdout.write = (s) => { lines.push(String(s)); return true; };
  return fn().finally(() => { console.log = log; console.error = error; process.stdout.write = write; })
    .then((code) => ({ code, text: lines.join("\n") }));
}

describe("trainlab bench", function () {
  this.timeout(60000);

  it("trains the MLP on patched wasm on 1 and 2 threads and writes a markdown row for each with its speed", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "results.md");
    const { code } = await quiet(() => bench.main(
      ["--samples", "128", "--epochs", "2", "--models", "mlp", "--backends", "wasm", "--threads", "1,2", "--no-torch", "--out", out]));
    assert.equal(code, 0);
    const table = fs.readFileSync(out, "utf8");
    const rows = table.split("\n").filter((l) => /^\| MLP \| [\d,]+ \| wasm \(Trainlab kernels\)/.test(l));
    assert.deepEqual(rows.map((l) => l.split("|")[4].trim()), ["1", "2"], `threads column in:\n${table}`);
    const two = rows[1].split("|").map((c) => c.trim());
    // × 1 thread: the 2-thread row's samples/s over the 1-thread row's
    const ratio = Number(two[11]);
    assert.ok(Math.abs(ratio - Number(two[7].replace(/,/g, "")) / Number(rows[0].split("|")[7].trim().replace(/,/g, ""))) < 0.01,
      `× 1 thread cell ${two[11]}`);
    const row = rows[0];
    const cells = row.split("|").map((c) => c.trim());
    // the reference MLP: 784 → 128 → 10, weights and biases
    assert.equal(Number(cells[2].replace(/,/g, "")), 784 * 128 + 128 + 128 * 10 + 10);
    const msPerEpoch = Number(cells[5].replace(/,/g, ""));
    const cpuMsPerEpoch = Number(cells[6].replace(/,/g, ""));
    assert.ok(cpuMsPerEpoch > 0 && Number.isFinite(cpuMsPerEpoch), `CPU ms/epoch cell: ${cells[6]}`);
    const samplesPerSecond = Number(cells[7].replace(/,/g, ""));
    assert.ok(msPerEpoch > 0 && Number.isFinite(msPerEpoch), `ms/epoch cell: ${cells[5]}`);
    // samples/s is the same measurement seen the other way round: 128 samples per epoch.
    assert.ok(Math.abs(samplesPerSecond - 128 / (msPerEpoch / 1000)) / samplesPerSecond < 0.02);
    // With 2 threads asked for, the machine's ceiling too: two one-thread runs at once, over one alone.
    const ceiling = /2 independent one-thread MLP trainings at once get × ([\d.]+) the samples\/s of one alone/.exec(table);
    assert.ok(ceiling, `no ceiling line in:\n${table}`);
    assert.ok(Number(ceiling[1]) > 0 && Number.isFinite(Number(ceiling[1])), ceiling[0]);
  });

  it("reports that stock wasm cannot train the CNN (no Conv2DBackpropFilter) instead of crashing", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "results.md");
    const { code } = await quiet(() => bench.main(
      ["--samples", "64", "--epochs", "2", "--models", "cnn", "--backends", "wasm-stock", "--no-torch", "--out", out]));
    assert.equal(code, 0);
    assert.match(fs.readFileSync(out, "utf8"), /\| CNN \| [\d,]* \| wasm \(stock tfjs 4\.22\) \|.*cannot train: .*Conv2DBackpropFilter/);
  });

  it("trains the same models in PyTorch as in TensorFlow.js (same parameter counts), when torch is installed", async function () {
    const probe = spawnSync("/usr/bin/python3", ["-c", "import torch"]);
    if (probe.status !== 0) this.skip(); // python3-torch not installed here: nothing to compare
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "results.md");
    const { code } = await quiet(() => bench.main(
      ["--samples", "64", "--epochs", "2", "--backends", "wasm", "--threads", "1", "--out", out]));
    assert.equal(code, 0);
    const rows = fs.readFileSync(out, "utf8").split("\n").filter((l) => /^\| (MLP|CNN) \|/.test(l))
      .map((l) => l.split("|").map((c) => c.trim()));
    for (const model of ["MLP", "CNN"]) {
      const tfjs = rows.find((c) => c[1] === model && c[3].startsWith("wasm"));
      const torch = rows.find((c) => c[1] === model && c[3].startsWith("PyTorch"));
      assert.ok(tfjs && torch, `${model}: rows missing`);
      assert.ok(Number(tfjs[2].replace(/,/g, "")) > 0);
      assert.equal(torch[2], tfjs[2], `${model}: PyTorch has ${torch[2]} parameters, tfjs ${tfjs[2]}`);
      assert.ok(Number(torch[6].replace(/,/g, "")) > 0, `${model}: PyTorch CPU ms`);
    }
  });

  it("rejects an unknown option or backend with exit code 2 and the usage", async () => {
    let r = await quiet(() => bench.main(["--backends", "tpu"]));
    assert.equal(r.code, 2);
    assert.match(r.text, /--backends: use a comma-separated list of wasm, wasm-stock, cpu/);
    r = await quiet(() => bench.main(["--threads", "1,9"]));
    assert.equal(r.code, 2);
    assert.match(r.text, /--threads: at most 8 threads/);
    r = await quiet(() => bench.main(["--fast"]));
    assert.equal(r.code, 2);
    assert.match(r.text, /unknown option "--fast"[\s\S]*usage: trainlab bench/);
  });
});
