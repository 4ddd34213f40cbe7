// Chapters 5 and 6: every exercise's solution (from lesson.md) passes all its visible and hidden
// tests, and the student stub passes none of them.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const ts = require("typescript");
const lessonsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../lessons");

// Compile an exercise cell and return the value it defines under `name`.
function define(source, name) {
  const js = ts.transpileModule(`${source}\n;__out.value = ${name};`, { compilerOptions: { target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.CommonJS } }).outputText;
  const out = {};
  new Function("__out", "exports", "require", js)(out, {}, require);
  return out.value;
}

for (const chapter of ["05-interpretability", "06-fairness"]) {
  describe(`lesson ${chapter}: exercises against their tests`, () => {
    const dir = path.join(lessonsRoot, chapter);
    const cells = lab.lessons.parseLesson(readFileSync(path.join(dir, "lesson.md"), "utf8"));
    const exercises = lab.grading.loadExercises(dir, { hidden: true });
    const cellsById = new Map(cells.filter((c) => c.kind === "exercise").map((c) => [c.exercise, c]));

    it("has at least 4 exercises, each with visible and hidden tests", () => {
      assert.ok(exercises.length >= 4);
      for (const e of exercises) {
        assert.ok(cellsById.has(e.id), `exercise ${e.id} has a cell in lesson.md`);
        assert.ok(e.tests.some((t) => !t.hidden) && e.tests.some((t) => t.hidden), `exercise ${e.id} has visible and hidden tests`);
      }
    });

    for (const e of exercises) {
      it(`${e.id}: the solution passes every test; the stub passes none`, async () => {
        const cell = cellsById.get(e.id);
        const solution = define(lab.lessons.keepSolutions(cell.source), e.name);
        const results = await lab.grading.runTests(e, solution);
        for (const r of results) assert.ok(r.passed, `${e.id} "${r.name}": ${r.message ?? ""}`);
        const stub = define(lab.lessons.stubSolutions(cell.source, e.id), e.name);
        const stubResults = await lab.grading.runTests(e, stub);
        for (const r of stubResults) assert.ok(!r.passed, `${e.id} stub passed "${r.name}"`);
      });
    }
  });
}
