// trainlab release / merge / grade argument handling (no grading children: fast).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const release = require("../../../kernel-ext/dist/cli/release.js");
const grade = require("../../../kernel-ext/dist/cli/grade.js");
const merge = require("../../../kernel-ext/dist/cli/merge.js");

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
    const csv = (rows) => lab.grading.gradebookCsv(rows);
    fs.writeFileSync(path.join(dir, "a.csv"), csv([["amy", "0.1", "t", 1, 1, "passed"], ["amy", "total", "", 1, 1, "ok"]]));
    fs.writeFileSync(path.join(dir, "b.csv"), csv([["bo", "0.1", "t", 0, 1, "failed"], ["bo", "total", "", 0, 1, "ok"]]));
    fs.writeFileSync(path.join(dir, "c.csv"), csv([["bo", "0.1", "t", 1, 1, "passed"], ["bo", "total", "", 1, 1, "ok"]]));
    const out = path.join(dir, "all.csv");
    assert.equal(await quiet(() => merge.main([path.join(dir, "b.csv"), path.join(dir, "a.csv"), "--out", out])), 0);
    assert.deepEqual(lab.grading.parseGradebook(fs.readFileSync(out, "utf8")).map((r) => r[0]), ["amy", "amy", "bo", "bo"]);
    await assert.rejects(() => merge.main([path.join(dir, "b.csv"), path.join(dir, "c.csv"), "--out", out]), /bo is graded differently/);
    fs.rmSync(dir, { recursive: true });
  });
});
