// Issue 14: the model exercises (a learner trains, diagnoses or repairs a real model; hidden tests
// call the function again on data its code never saw) really grade through the sandbox. The
// instructor build of chapter 5 (solutions in) gets every point of 5.5 and 5.6, hidden tests
// included; the student build (unsolved) gets none of them.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");

const MODEL_EXERCISES = ["5.5", "5.6"];

describe("grading the model exercises of chapter 5 through the sandbox", function () {
  this.timeout(600_000);
  let dir, results;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-grade-model-"));
    const chapter = lab.lessons.listChapters(lab.grading.lessonsDir()).find((c) => c.slug === "05-interpretability");
    fs.mkdirSync(path.join(dir, "subs"));
    fs.writeFileSync(path.join(dir, "subs", "solved.ipynb"), lab.lessons.buildChapter(chapter, "instructor"));
    fs.writeFileSync(path.join(dir, "subs", "unsolved.ipynb"), lab.lessons.buildChapter(chapter, "student"));
    // The reference solutions take 1–6 s a call on a loaded 2-core machine: 60 s leaves room.
    const run = await lab.grading.gradeAll(path.join(dir, "subs"), { chapter: "5", jobs: 2, timeout: 60, out: path.join(dir, "out") });
    results = Object.fromEntries(run.results.map((r) => [r.student, r]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rowsOf = (student) => results[student].rows.filter((x) => MODEL_EXERCISES.includes(x.exercise));

  it("the reference solutions pass every visible and hidden test of 5.5 and 5.6", () => {
    assert.deepEqual(results.solved.cellErrors, []);
    const rows = rowsOf("solved");
    assert.ok(rows.filter((x) => x.hidden).length >= 5, `expected the hidden tests on unseen seeds, got ${JSON.stringify(rows)}`);
    assert.deepEqual(rows.map((x) => [x.exercise, x.test, x.status]), rows.map((x) => [x.exercise, x.test, "passed"]));
  });

  it("the unsolved notebook scores nothing on them", () => {
    const rows = rowsOf("unsolved");
    assert.ok(rows.length >= 7);
    assert.deepEqual(rows.map((x) => x.status), rows.map(() => "not implemented"));
    assert.equal(rows.reduce((s, x) => s + x.points, 0), 0);
  });
});
