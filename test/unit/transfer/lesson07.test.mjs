import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const ts = require("typescript");

const chapter = fileURLToPath(new URL("../../../lessons/07-transfer-learning", import.meta.url));

/** The solution of each exercise cell in lesson.md, compiled to a JS function. */
export function solutions(dir) {
  const md = readFileSync(`${dir}/lesson.md`, "utf8");
  const out = {};
  for (const m of md.matchAll(/```ts exercise=(\d+\.\d+)\n([\s\S]*?)```/g)) {
    const js = ts.transpileModule(m[2], { compilerOptions: { target: ts.ScriptTarget.ES2021 } }).outputText;
    const name = /function (\w+)/.exec(js)[1];
    out[m[1]] = new Function(`${js}; return ${name};`)();
  }
  return out;
}

describe("chapter 7 exercises: the solutions pass every visible and hidden test", () => {
  const fns = solutions(chapter);
  const exercises = lab.grading.loadExercises(chapter, { hidden: true });
  it("has at least 4 exercises, each with hidden tests worth points", () => {
    assert.ok(exercises.length >= 4);
    for (const e of exercises) assert.ok(e.tests.some((t) => t.hidden), `${e.id} has no hidden tests`);
  });
  for (const e of exercises) {
    it(`${e.id} ${e.title}`, async () => {
      const results = await lab.grading.runTests(e, fns[e.id]);
      const failed = results.filter((r) => !r.passed);
      assert.deepEqual(failed.map((r) => `${r.name}: ${r.message ?? ""}`), []);
      const stub = () => { throw new Error(`${lab.grading.NOT_IMPLEMENTED}: exercise ${e.id}`); };
      const stubResults = await lab.grading.runTests(e, stub);
      assert.ok(stubResults.every((r) => !r.passed), "the student stub must fail every test");
    });
  }
});
