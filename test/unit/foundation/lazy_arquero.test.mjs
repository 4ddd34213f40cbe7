// arquero (an ES module Node loads through require(esm), ~85 ms of CPU) is loaded the first time
// a table is built, not when a notebook imports kernel-ext: chapters and grading children that
// build no table do not pay for it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("kernel-ext loads arquero lazily", function () {
  this.timeout(30_000);
  it("importing kernel-ext does not load arquero; the first table does, and it is a real arquero table", () => {
    const script = `
      const loaded = () => Object.keys(require.cache).some((k) => k.includes("/node_modules/arquero/"));
      const lab = require("@trainlab/kernel-ext");
      const before = loaded();
      const t = lab.data.fromRows([[1, 2], [3, 4]]);
      console.log(JSON.stringify({ before, after: loaded(), rows: t.numRows(), names: t.columnNames() }));`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: path.join(root, "notebooks"), encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout.trim().split("\n").pop());
    assert.equal(result.before, false, "arquero was loaded by the import");
    assert.deepEqual(result, { before: false, after: true, rows: 2, names: ["x0", "x1"] });
  });
});
