// Shared by the chapter 3 and 4 exercise tests: takes each exercise's solution from lesson.md,
// runs it against the visible and hidden tests (all must pass), and the student stub against
// them (none may pass).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
const lab = require(path.join(root, "kernel-ext/dist/index.js"));
const { parseLesson, keepSolutions, stubSolutions } = require(path.join(root, "kernel-ext/dist/lessons/parse.js"));
const ts = require("typescript");

/** Compiles an exercise cell and returns what it defines under `name`. */
function define(source, name) {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 } }).outputText;
  // The cells may use `lab` (the notebook's import) and `tf`.
  return new Function("lab", "tf", `${js}\nreturn ${name};`)(lab, lab.tf);
}

export function describeLessonExercises(slug) {
  const dir = path.join(root, "lessons", slug);
  const cells = parseLesson(readFileSync(path.join(dir, "lesson.md"), "utf8")).filter((c) => c.kind === "exercise");
  const exercises = lab.grading.loadExercises(dir, { hidden: true });

  describe(`${slug}: exercises`, () => {
    it("has at least 4 exercises, each with visible and hidden tests", () => {
      assert.ok(cells.length >= 4, `${cells.length} exercises`);
      for (const e of exercises) {
        assert.ok(e.tests.some((t) => !t.hidden), `${e.id} has visible tests`);
        assert.ok(e.tests.some((t) => t.hidden), `${e.id} has hidden tests`);
      }
      assert.deepEqual(cells.map((c) => c.exercise).sort(), exercises.map((e) => e.id).sort());
    });

    for (const cell of cells) {
      it(`${cell.exercise}: the solution passes every visible and hidden test; the stub passes none`, async () => {
        const exercise = exercises.find((e) => e.id === cell.exercise);
        const solution = define(keepSolutions(cell.source), exercise.name);
        const results = await lab.grading.runTests(exercise, solution);
        const failed = results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.message}`);
        assert.deepEqual(failed, []);
        const stub = define(stubSolutions(cell.source, cell.exercise), exercise.name);
        const stubResults = await lab.grading.runTests(exercise, stub);
        assert.deepEqual(stubResults.filter((r) => r.passed).map((r) => r.name), []);
      });
    }
  });
}
