// Lessons as text → notebooks: the format, the student/instructor versions, and that notebooks/ is up to date.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tools = require("../../../instructor/dist/index.js");
const { parseLesson, stubSolutions, toNotebook, buildAll } = tools.lessons;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");

const lesson = [
  "# Title",
  "Some text.",
  "```ts",
  "const a = 1;",
  "```",
  "<!-- cell -->",
  "More text.",
  "```bash",
  "npm test",
  "```",
  "```ts exercise=1.2",
  "function f(x: number): number {",
  "  // BEGIN SOLUTION",
  "  return x * 2;",
  "  // END SOLUTION",
  "}",
  "```",
].join("\n");

describe("lessons", () => {
  it("parses markdown, code and exercise cells", () => {
    const cells = parseLesson(lesson);
    assert.deepEqual(cells.map((c) => c.kind), ["markdown", "code", "markdown", "exercise"]);
    assert.equal(cells[1].source, "const a = 1;");
    assert.match(cells[2].source, /```bash\nnpm test\n```/);
    assert.equal(cells[3].exercise, "1.2");
  });

  it("stubs solutions in the student version, keeping the signature and indentation", () => {
    const [, , , ex] = parseLesson(lesson);
    assert.equal(
      stubSolutions(ex.source, "1.2"),
      'function f(x: number): number {\n  throw new Error("Not implemented yet: exercise 1.2 — replace this line with your code");\n}',
    );
    const nb = toNotebook(parseLesson(lesson), "01-x", "instructor");
    assert.equal(nb.cells[3].source.join(""), "function f(x: number): number {\n  return x * 2;\n}");
    assert.deepEqual(nb.cells[3].metadata.trainlab, { kind: "exercise", exercise: "1.2" });
  });

  it("names the line of a malformed lesson", () => {
    assert.throws(() => parseLesson("text\n```ts\nconst a = 1;\n", "l.md"), /l\.md:2: this code block is never closed/);
    assert.throws(() => parseLesson("```ts exercise=1.1\nconst a = 1;\n```", "l.md"), /needs a solution between/);
    assert.throws(() => parseLesson("```ts exercise=1.1\n// BEGIN SOLUTION\n```", "l.md"), /never closed; add \/\/ END SOLUTION/);
    assert.throws(() => parseLesson("```ts run=fast\n1\n```", "l.md"), /unknown code block option "run=fast"/);
  });

  it("builds identical bytes twice (stable cell ids)", () => {
    const a = JSON.stringify(toNotebook(parseLesson(lesson), "01-x", "student"));
    const b = JSON.stringify(toNotebook(parseLesson(lesson), "01-x", "student"));
    assert.equal(a, b);
  });

  it("build --check finds a notebook out of date", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-lessons-"));
    fs.mkdirSync(path.join(dir, "lessons", "01-x"), { recursive: true });
    fs.writeFileSync(path.join(dir, "lessons", "01-x", "lesson.md"), lesson);
    const out = path.join(dir, "notebooks");
    assert.deepEqual(buildAll(path.join(dir, "lessons"), out, { check: true }).outOfDate, [path.join(out, "01-x.ipynb"), path.join(out, ".solutions", "01-x.json")]);
    buildAll(path.join(dir, "lessons"), out);
    assert.deepEqual(buildAll(path.join(dir, "lessons"), out, { check: true }).outOfDate, []);
    fs.appendFileSync(path.join(dir, "lessons", "01-x", "lesson.md"), "\nnew text\n");
    assert.equal(buildAll(path.join(dir, "lessons"), out, { check: true }).outOfDate.length, 1);
  });

  it("the committed notebooks/ are up to date with lessons/", () => {
    const r = spawnSync(process.execPath, [path.join(root, "bin", "trainlab.js"), "build", "--check"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  });

  it("every chapter's checks.ts and hidden.ts type-check against kernel-ext", () => {
    const tsc = require.resolve("typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "lessons", "tsconfig.json")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

describe("lessons: claims", () => {
  const { claimMarkers, claimHolds } = tools.lessons;
  const text = [
    "Accuracy levels off at [0.97]{claim=last tol=0.01} after [1,100 rows]{claim=rows}; it",
    "[keeps rising]{claim=rising} and is [21.8×]{claim=speedup tol=2} faster.",
    "```ts",
    "const a = 0.968;",
    "```",
    "Then text.",
    "```ts claims",
    "last: a, rows: 1100, rising: a > 0.5, speedup: 20.1",
    "```",
    "More text in the same cell.",
  ].join("\n");

  it("reads each marker's number, tolerance (stated, or half a unit of the last digit) and line", () => {
    const m = claimMarkers(text);
    assert.deepEqual(m.map((c) => [c.name, c.stated, c.tolerance, c.line]), [
      ["last", 0.97, 0.01, 1], ["rows", 1100, 0.5, 1], ["rising", null, 0, 2], ["speedup", 21.8, 2, 2],
    ]);
    assert.ok(claimHolds(m[0], 0.961) && !claimHolds(m[0], 0.959));
    assert.ok(claimHolds(m[1], 1100) && !claimHolds(m[1], 1101));
    assert.ok(claimHolds(m[2], true) && !claimHolds(m[2], false) && !claimHolds(m[2], 1));
    assert.throws(() => claimMarkers("it [keeps\nrising]{claim=x}", "l.md"), /l\.md:2: a claim marker is not complete on this line/);
    assert.equal(claimMarkers("a sweet spot [between 0.01 and 0.1]{claim=x}")[0].stated, null, "a range is a fact: its value must be true");
    assert.throws(() => claimMarkers("from [0.76 to 0.91]{claim=x tol=0.1}", "l.md"), /l\.md:1: the claim "0\.76 to 0\.91" states 2 numbers but has a tol=/);
  });

  it("shows only the text to learners and instructors; the claims build prints the values after the markdown", () => {
    for (const version of ["student", "instructor"]) {
      const nb = toNotebook(parseLesson(text), "01-x", version);
      assert.deepEqual(nb.cells.map((c) => c.metadata.trainlab.kind), ["markdown", "code", "markdown"]);
      assert.equal(nb.cells[0].source.join(""), "Accuracy levels off at 0.97 after 1,100 rows; it\nkeeps rising and is 21.8× faster.");
      assert.equal(nb.cells[2].source.join(""), "Then text.\nMore text in the same cell.");
    }
    const plain = toNotebook(parseLesson(text), "01-x", "instructor");
    const nb = toNotebook(parseLesson(text), "01-x", "instructor", { claims: true });
    assert.deepEqual(nb.cells.map((c) => c.metadata.trainlab.kind), ["markdown", "code", "markdown", "claims"]);
    assert.deepEqual(nb.cells.slice(0, 3).map((c) => c.id), plain.cells.map((c) => c.id), "the other cells keep their ids");
    const source = nb.cells[3].source.join("");
    const printed = [];
    new Function("console", source.replace(/^/, "const a = 0.968;\n"))({ log: (s) => printed.push(s) });
    assert.deepEqual(printed, ['trainlab-claims {"last":0.968,"rows":1100,"rising":true,"speedup":20.1}']);
  });
});

describe("lessons: seeded shuffles", () => {
  it("no chapter shuffles with a random comparator (biased): they use lab.data.shuffled (Fisher-Yates)", () => {
    const offenders = tools.lessons.listChapters(path.join(root, "lessons")).flatMap((c) =>
      fs.readFileSync(path.join(c.dir, "lesson.md"), "utf8").split("\n").flatMap((l, i) =>
        /\.sort\(\s*\(\s*\)\s*=>/.test(l) ? [`${c.slug}/lesson.md:${i + 1}: ${l.trim()}`] : []));
    assert.deepEqual(offenders, []);
  });
});
