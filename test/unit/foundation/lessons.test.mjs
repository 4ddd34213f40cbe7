// Lessons as text → notebooks: the format, the student/instructor versions, and that notebooks/ is up to date.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const { parseLesson, stubSolutions, toNotebook, buildAll } = lab.lessons;
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
