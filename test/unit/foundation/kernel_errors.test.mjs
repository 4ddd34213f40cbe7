// The kernel's error reports: the learner's cell and line in tracebacks; bench-kernel's table and arguments.
import assert from "node:assert/strict";
import vm from "node:vm";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { formatCellError, sourceLine, cellFileName } = require("../../../instructor/dist/kernel/errors.js");
const bench = require("../../../instructor/dist/bench/bench-kernel.js");

/** Runs `compiled` as the kernel does (named In[count]) and formats what it threw. */
function thrownBy(count, source, compiled) {
  globalThis.__tslab__ = { exports: {}, require };
  try {
    vm.runInThisContext(compiled, { filename: cellFileName(count) });
  } catch (e) {
    return formatCellError([[e]], { count, source, compiled });
  } finally {
    delete globalThis.__tslab__;
  }
  throw new Error("did not throw");
}

describe("kernel errors name the learner's cell and line", () => {
  const source = 'function boom(n: number): number {\n  if (n > 1) throw new RangeError("too big: " + n);\n  return n;\n}\nboom(2)';
  const compiled = '(function(exports, require) { function boom(n) {\n    if (n > 1)\n        throw new RangeError("too big: " + n);\n    return n;\n}\nexports.boom = boom;\nboom(2)\n})(__tslab__.exports, __tslab__.require)';

  it("maps a JavaScript line to the one TypeScript line equal to it, containing it or contained in it", () => {
    const cell = { count: 3, source, compiled };
    assert.equal(sourceLine(cell, 3), 2, "TypeScript's `if (c) throw` split over two lines");
    assert.equal(sourceLine(cell, 7), 5);
    assert.equal(sourceLine(cell, 1), null, "a line with stripped types matches nothing: no line rather than a wrong one");
    assert.equal(sourceLine({ count: 1, source: "x();\nx();", compiled: "x();\nx();" }, 1), null, "ambiguous: no line");
  });

  it("frames read 'Cell In[N], line L', the traceback starts with the learner's line, the wrapper's frame is dropped", () => {
    const error = thrownBy(3, source, compiled);
    assert.equal(error.ename, "RangeError");
    assert.equal(error.evalue, "too big: 2");
    assert.deepEqual(error.traceback.slice(1, 4), ['  Cell In[3], line 2: if (n > 1) throw new RangeError("too big: " + n);', "    at boom (Cell In[3], line 2)", "    at Cell In[3], line 5"]);
    assert.ok(!error.traceback.some((l) => /__tslab__|node:vm|evalmachine/.test(l)), error.traceback.join("\n"));
  });

  it("compile errors name the cell; without a cell (the grader) they stay as before", () => {
    const report = [["%s%d:%d - %s", "", 3, 7, "Type 'number' is not assignable to type 'string'."]];
    assert.equal(formatCellError(report, { count: 4, source: "", compiled: "" }).evalue, "Cell In[4], line 3:7 - Type 'number' is not assignable to type 'string'.");
    assert.equal(formatCellError(report).evalue, "3:7 - Type 'number' is not assignable to type 'string'.");
  });
});

describe("bench-kernel", () => {
  it("formats medians with their range and the kernel's CPU time", () => {
    const t = (wall, cpu, walls = [wall]) => ({ wall, cpu, walls });
    const table = bench.formatKernelLatency([{ kernel: "trainlab", ready: t(1.5, 1.2, [1.4, 1.5, 1.9]), firstAnswer: t(1.6, 1.3), trivialBefore: t(0.007, 0), importBackend: t(1.9, 1.5), trivial: t(0.04, 0.03, [0.02, 0.04, 0.2]), trivialAfterCells: t(0.05, 0.04), typeError: null }], 100);
    assert.match(table, /\| Trainlab kernel \| 1500 \(1400–1900\) \/ 1200 \| 1600 \/ 1300 \| 1900 \/ 1500 \| 7 \/ 0 \| 40 \(20–200\) \/ 30 \| 50 \/ 40 \| — \|/);
    assert.match(table, /trivial cell after 100 cells/);
  });

  it("rejects bad arguments with a clear error", async () => {
    await assert.rejects(bench.main(["--runs", "0"]), /--runs must be a positive integer/);
    await assert.rejects(bench.main(["--kernels", "python"]), /--kernels takes trainlab, tslab and node; got python/);
    await assert.rejects(bench.main(["--bogus"]), /unknown argument --bogus/);
  });
});
