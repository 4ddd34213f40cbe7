// The kernel's patched tslab converter (instructor/src/kernel/tslab.ts), which grading children
// and the Jupyter kernel both use, against tslab's own converter: the same JavaScript, the same
// declarations and the same diagnostics for every cell, with one TypeScript program per cell
// (tslab built two for a cell that declares anything: one only to learn the names it declares).
import assert from "node:assert/strict";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const { tslabConverter } = require(path.join(root, "instructor/dist/kernel/tslab.js"));
const tslabDir = path.dirname(require.resolve("tslab/package.json", { paths: [root] }));

// Declarations of every kind, cells without any, errors, top-level await, imports, and cells that
// use earlier cells' names. No object shorthand of earlier names: the patched converter fixes it.
const CELLS = [
  "const a = 1;\nlet b: number[] = [a, 2];",
  "b.push(a + 3);\nconsole.log(b.length)",
  'import * as path from "node:path";\nfunction joined(...parts: string[]): string { return path.join(...parts); }\nclass Box<T> { constructor(readonly value: T) {} }\ninterface Point { x: number; y: number }\ntype Pair = [Point, Point];\nenum Color { Red, Green }\nnamespace Geometry { export const origin: Point = { x: 0, y: 0 }; }',
  "const p: Pair = [Geometry.origin, { x: 1, y: 2 }];\nnew Box(joined('a', 'b')).value + Color.Green",
  "const wrong: string = 42;",
  "const [first, ...rest] = b;\nconst { x, y: why } = p[1];\nvar old = first + x + why;",
  "await Promise.resolve(old)",
  "function broken( {",
  "rest.map((v) => v * 2)",
];

/** Every cell through a converter, each after the declarations the previous cells left. */
function convertAll(converter) {
  let decl = "";
  return CELLS.map((src) => {
    const out = converter.convert(decl, src);
    if (out.diagnostics.length === 0) decl = out.declOutput ?? decl;
    return out;
  });
}

describe("the kernel's tslab converter (one program per cell)", function () {
  this.timeout(120_000);
  let ts, patched, original, builtPerCell;
  before(() => {
    ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
    const watchers = [ts.sys.watchFile, ts.sys.watchDirectory];
    // No file watchers: nothing may keep mocha's process alive, and nothing here changes.
    ts.sys.watchFile = ts.sys.watchDirectory = () => ({ close() {} });
    try {
      const module = tslabConverter();
      const converter = module.createConverter({ isJS: false, isBrowser: false });
      const before = module.trainlabProgramsBuilt();
      try {
        patched = convertAll(converter);
      } finally {
        converter.close();
      }
      builtPerCell = (module.trainlabProgramsBuilt() - before) / CELLS.length;
      const plain = require(path.join(tslabDir, "dist/converter.js")).createConverter({ isJS: false, isBrowser: false });
      try {
        original = convertAll(plain);
      } finally {
        plain.close();
      }
    } finally {
      [ts.sys.watchFile, ts.sys.watchDirectory] = watchers;
    }
  });

  it("builds one program per cell", () => {
    assert.equal(builtPerCell, 1);
  });

  it("gives tslab's JavaScript, declarations and last-expression names for every cell", () => {
    for (let i = 0; i < CELLS.length; i++) {
      for (const key of ["output", "declOutput", "lastExpressionVar", "hasToplevelAwait", "sideOutputs"]) {
        assert.deepEqual(patched[i][key], original[i][key], `cell ${i + 1}, ${key}`);
      }
    }
    assert.ok(patched[0].output.includes("exports.b"), "a cell's names are exported to later cells");
    assert.ok(patched[3].declOutput.includes("p: Pair"));
  });

  it("gives tslab's diagnostics: the type error, the syntax error, and nothing for the rest", () => {
    const brief = (out) => out.diagnostics.map((d) => [d.code, d.start, d.length, d.messageText]);
    for (let i = 0; i < CELLS.length; i++) assert.deepEqual(brief(patched[i]), brief(original[i]), `cell ${i + 1}`);
    assert.deepEqual(patched.map((o) => o.diagnostics.length > 0), [false, false, false, false, true, false, false, true, false]);
    assert.equal(patched[4].diagnostics[0].code, 2322);
  });
});
