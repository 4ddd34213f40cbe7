// trainlab release / merge / grade argument handling (no grading children: fast).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tools = require("../../../instructor/dist/index.js");
const release = require("../../../instructor/dist/cli/release.js");
const grade = require("../../../instructor/dist/cli/grade.js");
const merge = require("../../../instructor/dist/cli/merge.js");

const quiet = async (f) => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await f();
  } finally {
    console.log = log;
  }
};

describe("trainlab release", () => {
  it("writes student notebooks without solutions and a manifest hashing every locked cell", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-release-"));
    assert.equal(await quiet(() => release.main(["--all", dir])), 0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "release-manifest.json"), "utf8"));
    assert.equal(manifest.trainlab, "release-manifest");
    const ch0 = manifest.chapters.find((c) => c.chapter.startsWith("00-"));
    const nb = JSON.parse(fs.readFileSync(path.join(dir, ch0.notebook), "utf8"));
    assert.equal(ch0.cells.length, nb.cells.length);
    nb.cells.forEach((cell, i) => {
      const entry = ch0.cells[i];
      assert.equal(entry.id, cell.id);
      const source = cell.source.join("");
      if (cell.metadata.trainlab.kind === "exercise") {
        assert.equal(entry.sha256, undefined);
        assert.match(source, /Not implemented yet/);
        assert.doesNotMatch(source, /BEGIN SOLUTION|yTrue\.length !== yPred\.length/);
      } else assert.equal(entry.sha256, createHash("sha256").update(source).digest("hex"));
    });
    assert.ok(!fs.readdirSync(dir).some((f) => /hidden/.test(f)));
    assert.doesNotMatch(fs.readFileSync(path.join(dir, ch0.notebook), "utf8"), /negative differences count as positive/, "no hidden test in the release");
    fs.rmSync(dir, { recursive: true });
  });

  it("names the chapters there are when a chapter does not exist", async () => {
    await assert.rejects(() => release.main(["42", os.tmpdir()]), /No chapter "42".*00-getting-started/s);
  });
});

describe("trainlab grade / merge arguments", () => {
  it("--shard takes i/n with 1 ≤ i ≤ n", () => {
    assert.deepEqual(grade.parseShard("2/3"), { index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1"]) assert.throws(() => grade.parseShard(bad), /--shard must be i\/n/, bad);
  });

  it("refuses missing or bad options with the usage", async () => {
    await assert.rejects(() => grade.main(["subs"]), /--chapter are required/);
    await assert.rejects(() => grade.main(["subs", "--chapter", "0", "--jobs", "0"]), /--jobs must be a positive integer/);
    await assert.rejects(() => grade.main(["subs", "--chapter", "0", "--bogus"]), /unknown option --bogus/);
  });

  it("merge writes the union and fails on a student graded differently twice", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-merge-"));
    const csv = (rows) => tools.grading.gradebookCsv(rows);
    fs.writeFileSync(path.join(dir, "a.csv"), csv([["amy", "0.1", "t", 1, 1, "passed"], ["amy", "total", "", 1, 1, "ok"]]));
    fs.writeFileSync(path.join(dir, "b.csv"), csv([["bo", "0.1", "t", 0, 1, "failed"], ["bo", "total", "", 0, 1, "ok"]]));
    fs.writeFileSync(path.join(dir, "c.csv"), csv([["bo", "0.1", "t", 1, 1, "passed"], ["bo", "total", "", 1, 1, "ok"]]));
    const out = path.join(dir, "all.csv");
    assert.equal(await quiet(() => merge.main([path.join(dir, "b.csv"), path.join(dir, "a.csv"), "--out", out])), 0);
    assert.deepEqual(tools.grading.parseGradebook(fs.readFileSync(out, "utf8")).map((r) => r[0]), ["amy", "amy", "bo", "bo"]);
    await assert.rejects(() => merge.main([path.join(dir, "b.csv"), path.join(dir, "c.csv"), "--out", out]), /bo is graded differently/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("trainlab grade where submissions cannot be isolated", function () {
  this.timeout(60_000);
  // A user whose PATH has no util-linux: no namespaces of any kind (nor root's uid switch).
  const asUserWithoutTools = (args, dir) =>
    new Promise((resolve) => {
      const child = spawn("/usr/bin/setpriv", ["--reuid=62599", "--regid=62599", "--clear-groups", "--", process.execPath, path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../bin/trainlab.js"), ...args], {
        cwd: dir,
        env: { PATH: path.join(dir, "empty-bin") },
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("exit", (code) => resolve({ code, out }));
    });

  it("refuses to grade, saying why and what to do; grades with a loud warning only under --unsafe-no-isolation", async function () {
    if (process.getuid?.() !== 0 || !fs.existsSync("/usr/bin/setpriv")) {
      console.log("      (skipped: needs root and setpriv, to run the grader as a user without the sandbox tools)");
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-unsafe-"));
    fs.chmodSync(dir, 0o777);
    for (const d of ["subs", "empty-bin"]) fs.mkdirSync(path.join(dir, d), { mode: 0o777 });
    try {
      const refused = await asUserWithoutTools(["grade", "subs", "--chapter", "0", "--out", "out"], dir);
      assert.equal(refused.code, 1, refused.out);
      assert.match(refused.out, /refusing to grade: submissions cannot be isolated on this machine \(unshare, mount, umount.* not found \(util-linux\): no namespaces/);
      assert.match(refused.out, /--unsafe-no-isolation/);
      assert.equal(fs.existsSync(path.join(dir, "out")), false, "nothing was graded");
      const unsafe = await asUserWithoutTools(["grade", "subs", "--chapter", "0", "--out", "out", "--unsafe-no-isolation"], dir);
      assert.equal(unsafe.code, 0, unsafe.out);
      assert.match(unsafe.out, /WARNING: --unsafe-no-isolation: submissions run WITHOUT namespaces/);
      assert.match(unsafe.out, /graded 0 submission/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
