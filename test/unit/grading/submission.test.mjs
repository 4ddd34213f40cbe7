// Planning a submission's run against the release: locked cells from the release, tampering
// flagged, cells matched by id/metadata/content (never by file name); shards; finding submissions.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tools = require("../../../instructor/dist/index.js");
const { planSubmission, manifestCells, readCells, findSubmissions, shardOf, sourceHash } = tools.grading;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
const chapter = tools.lessons.listChapters(path.join(root, "lessons")).find((c) => c.slug.startsWith("00-"));
const releasedText = tools.lessons.buildChapter(chapter, "student");
const released = readCells(releasedText, "release");
const src = (c) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const codeOf = (cells) => cells.filter((c) => c.cell_type === "code").map(src);
const exerciseIndex = released.findIndex((c) => c.metadata.trainlab.kind === "exercise");
const copy = () => JSON.parse(JSON.stringify(released));

describe("grading: planning a submission", () => {
  it("the release itself runs exactly the release's code cells, unflagged", () => {
    const plan = planSubmission(released, copy());
    assert.deepEqual(plan.cells, codeOf(released));
    assert.equal(plan.tampered, false);
    assert.deepEqual(plan.flags, []);
  });

  it("manifest: a sha256 for every locked cell, none for exercise cells, ids and positions kept", () => {
    const m = manifestCells(released);
    assert.equal(m.length, released.length);
    m.forEach((e, i) => {
      assert.equal(e.index, i);
      assert.equal(e.id, released[i].id);
      if (e.kind === "exercise") assert.equal(e.sha256, undefined);
      else assert.equal(e.sha256, sourceHash(src(released[i])));
    });
    assert.equal(m[exerciseIndex].exercise, "0.1");
  });

  it("takes the learner's exercise cell and keeps the cells they added, in place", () => {
    const cells = copy();
    cells[exerciseIndex].source = ["function meanSquaredError(a: number[], b: number[]) { return 0; }"];
    cells.splice(exerciseIndex, 0, { id: "mine", cell_type: "code", metadata: {}, source: "const helper = 1;" });
    const plan = planSubmission(released, cells);
    const expected = codeOf(released);
    const at = expected.indexOf(src(released[exerciseIndex]));
    expected.splice(at, 1, "const helper = 1;", "function meanSquaredError(a: number[], b: number[]) { return 0; }");
    assert.deepEqual(plan.cells, expected);
    assert.equal(plan.tampered, false);
  });

  it("runs the original of an edited locked cell and flags it", () => {
    const cells = copy();
    const locked = cells.findIndex((c) => c.metadata.trainlab.kind === "code");
    cells[locked].source = ["Math.abs = () => 0;"];
    const plan = planSubmission(released, cells);
    assert.deepEqual(plan.cells, codeOf(released));
    assert.equal(plan.tampered, true);
    assert.match(plan.flags.join("\n"), new RegExp(`locked cell ${locked + 1} was edited`));
  });

  it("flags a deleted locked cell (markdown too) and still runs the original", () => {
    const cells = copy().filter((_, i) => i !== 0 && i !== 4);
    const plan = planSubmission(released, cells);
    assert.deepEqual(plan.cells, codeOf(released));
    assert.equal(plan.tampered, true);
    assert.match(plan.flags.join("\n"), /locked cell 1 was deleted/);
    assert.match(plan.flags.join("\n"), /locked cell 5 was deleted/);
  });

  it("matches cells whose ids were lost (an old nbformat) by exercise metadata and content", () => {
    const cells = copy().map(({ id, ...rest }) => rest);
    cells[exerciseIndex].source = "function meanSquaredError() { return 1; }";
    const plan = planSubmission(released, cells);
    assert.equal(plan.tampered, false);
    assert.ok(plan.cells.includes("function meanSquaredError() { return 1; }"));
    assert.equal(plan.cells.length, codeOf(released).length);
  });

  it("a missing exercise cell runs its stub and says so", () => {
    const cells = copy().filter((_, i) => i !== exerciseIndex);
    const plan = planSubmission(released, cells);
    assert.deepEqual(plan.cells, codeOf(released));
    assert.match(plan.flags.join("\n"), /exercise cell 0.1 is missing/);
    assert.equal(plan.tampered, false);
  });

  it("readCells refuses what is not a notebook, saying so", () => {
    assert.throws(() => readCells("{not json", "x.ipynb"), /not valid notebook JSON/);
    assert.throws(() => readCells('{"a": 1}', "x.ipynb"), /not a Jupyter notebook/);
  });
});

describe("grading: submissions and shards", () => {
  it("takes the student id from the file name or the folder, whatever the notebook is called", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-subs-"));
    fs.mkdirSync(path.join(dir, "amy", ".ipynb_checkpoints"), { recursive: true });
    fs.writeFileSync(path.join(dir, "amy", "Copy of 00 (2).ipynb"), releasedText);
    fs.writeFileSync(path.join(dir, "amy", ".ipynb_checkpoints", "x-checkpoint.ipynb"), releasedText);
    fs.writeFileSync(path.join(dir, "bo.ipynb"), releasedText);
    fs.writeFileSync(path.join(dir, "bo.out.ipynb"), releasedText);
    fs.writeFileSync(path.join(dir, "notes.txt"), "");
    assert.deepEqual(findSubmissions(dir).map((s) => [s.student, path.relative(dir, s.file)]), [["amy", "amy/Copy of 00 (2).ipynb"], ["bo", "bo.ipynb"]]);
    fs.writeFileSync(path.join(dir, "amy", "second.ipynb"), releasedText);
    // Two notebooks for one student: one entry that says so (graded as a "refused" row), not an error for the class.
    const found = findSubmissions(dir);
    assert.deepEqual(found.map((s) => s.student), ["amy", "bo"]);
    assert.match(found[0].problem, /2 notebooks \(amy\/Copy of 00 \(2\)\.ipynb, amy\/second\.ipynb\)/);
    assert.equal(found[1].problem, undefined);
    fs.rmSync(dir, { recursive: true });
  });

  it("assigns every student to exactly one shard, stably, and spreads them", () => {
    const students = Array.from({ length: 400 }, (_, i) => `student-${i}`);
    const counts = [0, 0, 0, 0];
    for (const s of students) {
      const k = shardOf(s, 4);
      assert.ok(k >= 1 && k <= 4);
      assert.equal(shardOf(s, 4), k);
      counts[k - 1]++;
    }
    for (const c of counts) assert.ok(c > 60, `unbalanced shards: ${counts}`);
    assert.equal(shardOf("anyone", 1), 1);
  });
});
