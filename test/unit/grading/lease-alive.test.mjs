// A grading run whose first uid is leased by another run must wait for flock's answer, not exit:
// the helper that asks flock was unref'd from the start, so a process with nothing else to do
// (`trainlab grade`, `trainlab grade-class`) ended silently with exit code 0 and nobody graded.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const sandbox = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../kernel-ext/dist/grading/sandbox.js");

describe("grading: uid leases keep the process alive while flock answers", () => {
  it("a lone process whose first uid is held elsewhere gets the next one instead of exiting", async function () {
    if (spawnSync("sh", ["-c", "command -v flock"]).status !== 0) return this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-lease-"));
    const base = 64000;
    // Another "grading run" holds the first uid (a free one above the usual range, so real runs are not disturbed).
    const holder = spawn("flock", [path.join(dir, `${base}.lock`), "sh", "-c", "echo held; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    await new Promise((r) => holder.stdout.once("data", r));
    try {
      const script = `require(${JSON.stringify(sandbox)}).leaseUid({ base: ${base}, dir: ${JSON.stringify(dir)} }).then((l) => { console.log("leased " + l.uid); l.release(); })`;
      const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20000 });
      assert.match(r.stdout, /^leased 640\d\d$/m, `the process ended without a lease (exit ${r.status}): ${r.stdout}${r.stderr}`);
      assert.notEqual(r.stdout.trim(), `leased ${base}`);
    } finally {
      holder.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
