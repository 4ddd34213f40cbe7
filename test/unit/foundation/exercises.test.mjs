// Every chapter: each exercise's solution (from lesson.md) passes all its visible and hidden
// tests, and the student stub passes none — so a wrong expected value in checks.ts/hidden.ts is
// caught before a learner meets it, and a stub can never score.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
const lab = require(path.join(root, "kernel-ext/dist/index.js"));
// The exercise runner's internals (not in lab.grading, the learner's public API).
const grading = require(path.join(root, "kernel-ext/dist/grading/index.js"));
const tools = require(path.join(root, "instructor/dist/index.js"));
const { parseLesson, keepSolutions, stubSolutions, listChapters } = tools.lessons;
const ts = require("typescript");

/** Compiles an exercise cell and returns what it defines under `name`. */
function define(source, name) {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 } }).outputText;
  // The cells may use `lab` (the notebook's import) and `tf`.
  return new Function("lab", "tf", "require", `${js}\nreturn ${name};`)(lab, lab.tf, require);
}

for (const { slug, dir } of listChapters(path.join(root, "lessons"))) {
  const cells = parseLesson(readFileSync(path.join(dir, "lesson.md"), "utf8")).filter((c) => c.kind === "exercise");
  const exercises = grading.loadExercises(dir, { hidden: true });
  const minimum = slug.startsWith("00-") ? 3 : 4;

  // An exercise may call one defined before it (3.7 reuses 3.6's search): solutions share one scope.
  const allSolutions = cells.map((c) => keepSolutions(c.source)).join("\n");

  describe(`${slug}: exercises`, () => {
    // Model exercises train networks: on the backend a notebook would use, not pure-JS `cpu`.
    before(() => lab.useBestBackend({ print: false }));

    it(`has at least ${minimum} exercise(s), each with visible and hidden tests`, () => {
      assert.ok(cells.length >= minimum, `${cells.length} exercises`);
      for (const e of exercises) {
        assert.ok(e.tests.some((t) => !t.hidden), `${e.id} has visible tests`);
        assert.ok(e.tests.some((t) => t.hidden), `${e.id} has hidden tests`);
      }
      assert.deepEqual(cells.map((c) => c.exercise).sort(), exercises.map((e) => e.id).sort());
    });

    for (const cell of cells) {
      it(`${cell.exercise}: the solution passes every visible and hidden test; the stub passes none`, async () => {
        const exercise = exercises.find((e) => e.id === cell.exercise);
        const solution = define(allSolutions, exercise.name);
        const results = await grading.runTests(exercise, solution);
        assert.deepEqual(results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.message}`), []);
        const stub = define(stubSolutions(cell.source, cell.exercise), exercise.name);
        const stubResults = await grading.runTests(exercise, stub);
        assert.deepEqual(stubResults.filter((r) => r.passed).map((r) => r.name), []);
      });
    }
  });
}
