// `npm run bench` (trainlab bench-all): refuses to measure on a busy machine unless --force
// (timings are never asserted; the busy machine is made by this test, one spinning process).
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";

const require = createRequire(import.meta.url);
const all = require("../../../instructor/dist/bench/bench-all.js");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");

describe("npm run bench (trainlab bench-all)", function () {
  this.timeout(30000);

  it("calls a machine busy when others use its cores or its load average is above half the cores", () => {
    assert.match(all.tooBusy({ loadAverage: [0.4, 0.5, 0.5], cores: 2, busy: 0.6 }), /60 % of the 2 cores/);
    assert.match(all.tooBusy({ loadAverage: [1.4, 0.5, 0.5], cores: 2, busy: 0.02 }), /load average is 1\.4 on 2 cores/);
    assert.equal(all.tooBusy({ loadAverage: [0.6, 0.5, 0.5], cores: 2, busy: 0.05 }), null);
  });

  it("refuses with a clear message and exit 1 while another process spins on a core; names --force", async () => {
    const spinner = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const run = spawnSync(process.execPath, [path.join(root, "bin/trainlab.js"), "bench-all"], { encoding: "utf8" });
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /load average [\d.]+ [\d.]+ [\d.]+ \(1, 5, 15 min\) at start/);
      assert.match(run.stderr, /refusing to benchmark: .*--force/s);
    } finally {
      spinner.kill("SIGKILL");
    }
  });

  it("runs each benchmark with its thread counts and sizes; --quick makes every step smaller", () => {
    const full = all.benchSteps({});
    assert.deepEqual(full.map((s) => s[0]), ["bench", "bench-grading", "bench-serve", "bench-kernel"]);
    assert.deepEqual(full[1], ["bench-grading", "--count", "10", "--jobs", "1,2"]);
    const quick = all.benchSteps({ quick: true, noTorch: true });
    assert.ok(quick[0].includes("--no-torch") && quick[0].includes("--samples"));
    assert.deepEqual(quick[1].slice(0, 3), ["bench-grading", "--count", "4"]);
    // bench's own options (npm run bench -- --profile) go to the training step.
    assert.deepEqual(all.benchSteps({ benchArgs: ["--profile", "--threads", "1,2"] })[0], ["bench", "--profile", "--threads", "1,2"]);
  });
});
