import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("trainlab serve (CLI)", function () {
  this.timeout(30000);
  it("serves the shipped base model, answers :predict, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["bin/trainlab.js", "serve", "models/fashion-base", "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stderr.on("data", (c) => (out += c));
    const url = await new Promise((resolve, reject) => {
      child.stdout.on("data", (c) => {
        out += c;
        const m = /at (http:\/\/127\.0\.0\.1:\d+)\/v1\/models\/fashion-base/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    assert.match(out, /Predicting in a worker thread: Trainlab backend: /);
    const status = await (await fetch(`${url}/v1/models/fashion-base`)).json();
    assert.equal(status.model_version_status[0].state, "AVAILABLE");
    const image = Array.from({ length: 28 }, () => Array.from({ length: 28 }, () => [0.5]));
    const res = await fetch(`${url}/v1/models/fashion-base:predict`, { method: "POST", body: JSON.stringify({ instances: [image] }) });
    assert.equal(res.status, 200);
    const { predictions } = await res.json();
    assert.equal(predictions[0].length, 5);
    assert.ok(Math.abs(predictions[0].reduce((a, b) => a + b, 0) - 1) < 1e-5);
    const code = await new Promise((resolve) => {
      child.on("exit", resolve);
      child.kill("SIGTERM");
    });
    assert.equal(code, 0, out);
  });
  it("refuses an unknown --inference mode with a clear message", async () => {
    const child = spawn(process.execPath, ["bin/trainlab.js", "serve", "models/fashion-base", "--port", "0", "--inference", "gpu"], { cwd: root });
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    assert.equal(code, 1);
    assert.match(err, /--inference must be "worker" or "inline"/);
  });
  it("exits non-zero with a clear message for a missing model folder", async () => {
    const child = spawn(process.execPath, ["bin/trainlab.js", "serve", "no/such/dir", "--port", "0"], { cwd: root });
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    assert.equal(code, 1);
    assert.match(err, /No model\.json in/);
  });
});
