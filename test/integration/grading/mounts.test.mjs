// The child's file tree, as the kernel sees it: every mount read-only except the scratch folder,
// /proc and the four device nodes — whatever a notebook does, the course, node_modules, the
// grader's code and the snapshot cannot be written through the mounts (the uid and the
// permission model are further layers). Read from /proc/self/mountinfo inside the real sandbox.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const sandbox = require("../../../instructor/dist/grading/sandbox.js");

describe("grading sandbox: the child's mounts", function () {
  this.timeout(60_000);
  it("are all read-only but scratch, /proc and /dev/{null,zero,random,urandom}; the snapshot is there, read-only", function () {
    const layers = sandbox.sandboxLayers();
    if (layers.mode !== "root") {
      console.log("      (skipped: needs root namespaces)");
      this.skip();
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-mounts-"));
    try {
      fs.chmodSync(work, 0o711);
      for (const d of ["notebook", "scratch", "root"]) fs.mkdirSync(path.join(work, d), { mode: 0o755 });
      const blob = path.join(work, "fake.blob");
      fs.writeFileSync(blob, "not a snapshot");
      const command = sandbox.sandboxCommand({ mode: "root", notebookDir: path.join(work, "notebook"), scratchDir: path.join(work, "scratch"), rootDir: path.join(work, "root"), uid: 62999, snapshot: blob });
      // Everything up to the node command, then `cat` in its place.
      const at = command.indexOf("node", command.indexOf("setpriv"));
      assert.ok(at > 0, command.join(" "));
      const run = spawnSync(command[0], [...command.slice(1, at), "cat", "/proc/self/mountinfo"], { encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      const mounts = run.stdout.trim().split("\n").map((line) => {
        const f = line.split(" ");
        return { at: f[4], ro: f[5].split(",").includes("ro") };
      });
      const writable = mounts.filter((m) => !m.ro).map((m) => m.at).sort();
      assert.deepEqual(writable, ["/course/scratch", "/dev/null", "/dev/random", "/dev/urandom", "/dev/zero", "/proc"]);
      for (const expected of ["/", "/usr", "/course/node_modules", "/course/kernel-ext/dist", "/course/instructor/dist", "/snapshot/grading.blob"]) {
        assert.ok(mounts.some((m) => m.at === expected && m.ro), `${expected} read-only in:\n${run.stdout}`);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
