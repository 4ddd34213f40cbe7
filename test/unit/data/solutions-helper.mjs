// Runs a chapter's reference solutions (from lesson.md) against its visible and hidden tests, so
// a wrong expected value in checks.ts/hidden.ts is caught before a learner meets it.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
const require = createRequire(import.meta.url);
const ts = require("typescript");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
const lab = require(path.join(root, "kernel-ext/dist/index.js"));

function loadExercises(file) {
  const src = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true } }).outputText;
  const m = { exports: {} };
  new Function("require", "module", "exports", src)(require, m, m.exports);
  return m.exports.exercises;
}

export function describeSolutions(chapterDir) {
  const dir = path.join(root, "lessons", chapterDir);
  const md = fs.readFileSync(path.join(dir, "lesson.md"), "utf8");
  const blocks = [...md.matchAll(/```ts exercise=(\d+\.\d+)\n([\s\S]*?)```/g)];
  const visible = loadExercises(path.join(dir, "checks.ts"));
  const hidden = loadExercises(path.join(dir, "hidden.ts"));
  describe(`${chapterDir}: reference solutions pass every visible and hidden test`, () => {
    it("has at least 4 exercises, each with visible and hidden tests", () => {
      assert.ok(blocks.length >= 4);
      for (const [, id] of blocks) {
        assert.ok(visible.find((e) => e.id === id)?.tests.length > 0, `visible tests for ${id}`);
        assert.ok(hidden.find((e) => e.id === id)?.tests.length > 0, `hidden tests for ${id}`);
      }
    });
    for (const [, id, code] of blocks) {
      const ex = visible.find((e) => e.id === id);
      const tests = [...ex.tests, ...(hidden.find((e) => e.id === id)?.tests ?? [])];
      const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2021 } }).outputText;
      const value = new Function("lab", `${js}\nreturn ${ex.name};`)(lab);
      for (const t of tests) {
        it(`${id} ${t.name}`, async () => {
          const args = typeof t.args === "function" ? t.args() : t.args ?? [];
          let result;
          let threw = null;
          try {
            result = ex.kind === "value" ? value : await value(...structuredClone(args));
          } catch (e) {
            threw = e;
          }
          if (t.throws) {
            assert.ok(threw, "expected the solution to throw");
            await t.expect(threw);
          } else {
            if (threw) throw threw;
            await t.expect(result);
          }
        });
      }
    }
  });
}
