// Values that are not JSON, through the real sandbox: tensors as arguments (built by hidden
// tests in the grader) and results, a Map with NaN/-0/Infinity, and a `kind: "value"` exercise.
// Uses the fixture chapter test/fixtures/submissions/lessons/99-grading-fixture.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tools = require("../../../instructor/dist/index.js");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const lessonsRoot = path.join(root, "test/fixtures/submissions/lessons");

describe("grading non-JSON values through the sandbox", function () {
  this.timeout(300_000);
  let dir, results;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-grade-values-"));
    const chapter = tools.lessons.listChapters(lessonsRoot)[0];
    fs.mkdirSync(path.join(dir, "subs"));
    fs.writeFileSync(path.join(dir, "subs", "right.ipynb"), tools.lessons.buildChapter(chapter, "instructor"));
    fs.writeFileSync(path.join(dir, "subs", "stub.ipynb"), tools.lessons.buildChapter(chapter, "student"));
    const run = await tools.grading.gradeAll(path.join(dir, "subs"), { chapter: "99", lessonsRoot, jobs: 2, timeout: 20, out: path.join(dir, "out") });
    results = Object.fromEntries(run.results.map((r) => [r.student, r]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a right solution passes every test: tensors, Map with NaN/-0/Infinity, a value", () => {
    const r = results.right;
    assert.deepEqual(r.cellErrors, []);
    assert.deepEqual(r.rows.map((x) => [x.exercise, x.test, x.status, x.points]), [
      ["99.1", "scales a float tensor", "passed", 1],
      ["99.1", "keeps an int32 tensor's shape", "passed", 2],
      ["99.2", "mean of nothing is NaN", "passed", 1],
      ["99.2", "mean and min", "passed", 1],
      ["99.3", "a small learning rate", "passed", 1],
      ["99.3", "three epochs, tags as a Set", "passed", 1],
      ["99.4", "divides by the sum", "passed", 1],
      ["99.4", "does not change its inputs", "passed", 1],
    ]);
    assert.equal(r.points, 9);
  });

  it("stubs score nothing: 'not implemented' for functions; a value whose cell threw is missing", () => {
    const r = results.stub;
    assert.equal(r.points, 0);
    assert.deepEqual(r.rows.filter((x) => x.exercise !== "99.3").map((x) => x.status), Array(6).fill("not implemented"));
    assert.deepEqual(r.rows.filter((x) => x.exercise === "99.3").map((x) => x.status), ["missing", "missing"]);
  });
});
