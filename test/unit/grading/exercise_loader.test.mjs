// The exercise loader: checks.ts and hidden.ts may import a sibling tasks.ts (one copy of a
// chapter's task builders), while everything else resolves as before.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { loadExercises } = require("../../../kernel-ext/dist/grading/exercises.js");

describe("grading: the exercise loader", () => {
  it("checks.ts and hidden.ts import a sibling tasks.ts; hidden tests merge as hidden", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-loader-"));
    try {
      fs.writeFileSync(path.join(dir, "tasks.ts"), `export const double = (x: number): number => 2 * x;\n`);
      const exercise = (tests) => `import assert from "node:assert/strict";\nimport { double } from "./tasks";\nexport const exercises = [{ id: "9.1", name: "f", title: "t", statement: "s", tests: [${tests}] }];\n`;
      fs.writeFileSync(path.join(dir, "checks.ts"), exercise(`{ name: "visible", args: [double(1)], expect: (r: number) => assert.equal(r, 2) }`));
      fs.writeFileSync(path.join(dir, "hidden.ts"), exercise(`{ name: "hidden", args: [double(5)], expect: (r: number) => assert.equal(r, 10) }`));
      const [ex] = loadExercises(dir, { hidden: true });
      assert.deepEqual(ex.tests.map((t) => [t.name, t.args[0], t.hidden]), [["visible", 2, false], ["hidden", 10, true]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("only a sibling file is loaded this way: ../ and missing files go to Node's require (and fail clearly)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-loader-"));
    try {
      fs.writeFileSync(path.join(dir, "checks.ts"), `import { x } from "./nowhere";\nexport const exercises = [x];\n`);
      assert.throws(() => loadExercises(dir), /Cannot find module '\.\/nowhere'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
