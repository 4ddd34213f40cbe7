// Issue 11, break 7: without root the grader used to run children with its own uid and network
// (a submission dialled the host's loopback, read the grader's environment and killed it). Now it
// isolates them in an unprivileged user namespace. Run as root, this test grades three attack
// fixtures as an ordinary user (setpriv) and checks that each scores as if nothing got through.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tools = require("../../../instructor/dist/index.js");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const corpus = path.join(root, "test/fixtures/submissions/ch00");
const USER = 62503;
const ATTACKS = ["network", "aaa-kill-all", "hidden-read"];

describe("trainlab grade without root: children in a user namespace", function () {
  this.timeout(600_000);
  let dir, run, results, connections = 0, server;

  before(async function () {
    if (process.getuid?.() !== 0) {
      console.log("      (skipped: needs root, to run the grader as an ordinary user with setpriv)");
      return this.skip();
    }
    const probe = spawnSync("setpriv", [`--reuid=${USER}`, `--regid=${USER}`, "--clear-groups", "--", "unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork", "--net", "true"]);
    if (probe.status !== 0) {
      console.log("      (skipped: this kernel refuses unprivileged user namespaces; there the grader refuses to grade, see cli.test.mjs)");
      return this.skip();
    }
    server = net.createServer((s) => (connections++, s.destroy()));
    await new Promise((r) => server.listen(47913, "127.0.0.1", r));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-grade-user-"));
    fs.chmodSync(dir, 0o777);
    for (const s of ATTACKS) fs.cpSync(path.join(corpus, s), path.join(dir, "subs", s), { recursive: true });
    spawnSync("chmod", ["-R", "a+rwX", dir]);
    run = await new Promise((resolve) => {
      const child = spawn("setpriv", [`--reuid=${USER}`, `--regid=${USER}`, "--clear-groups", "--", process.execPath, path.join(root, "bin/trainlab.js"), "grade", "subs", "--chapter", "0", "--jobs", "2", "--timeout", process.env.TRAINLAB_CORPUS_TIMEOUT ?? "10", "--out", "out"], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: dir },
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("exit", (code, signal) => resolve({ code, signal, out }));
    });
    results = Object.fromEntries(tools.grading.readResults(path.join(dir, "out", "results.jsonl")).map((r) => [r.student, r]));
  });
  after(() => {
    server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says the uid layer is missing, grades everyone (the grader was not killed), and nothing got through", () => {
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /WARNING: sandbox layer missing — not running as root: children run in an unprivileged user namespace/);
    // Children start from the run's snapshot in a user namespace too (built by the same user, kept in its own work folder).
    assert.match(run.out, /^grading snapshot( built in|: reusing)/m);
    for (const s of ATTACKS) {
      assert.equal(results[s]?.status, "ok", `${s}: ${JSON.stringify(results[s]?.cellErrors)}`);
      // The attacks answer exercise 0.1 correctly and leave 0.2 and 0.3 as released (stubs).
      const rows = results[s].rows.filter((r) => r.exercise === "0.1");
      const [points, max] = [rows.reduce((t, r) => t + r.points, 0), rows.reduce((t, r) => t + r.max, 0)];
      assert.equal(points, max, `${s} scored ${points}/${max} on 0.1: its attack worked`);
    }
    assert.equal(connections, 0, "a child reached a port on the host's 127.0.0.1");
    const log = fs.readFileSync(path.join(dir, "out", "logs", "hidden-read.log"), "utf8");
    assert.match(log, /denied hidden\.ts ENOENT/);
    assert.match(fs.readFileSync(path.join(dir, "out", "logs", "aaa-kill-all.log"), "utf8"), /kill\(-1\) delivered 0 times/);
  });
});
