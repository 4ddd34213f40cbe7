// latin1Source (instructor/src/grading/typescript.ts): the grading snapshot's builder loads
// TypeScript from a copy of its source with every character above U+00FF escaped, so V8 keeps
// that source one byte per character (16 MB → 8 MB in every child). The copy must be the same program.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { latin1Source } = require("../../../instructor/dist/grading/typescript.js");

const narrow = (s) => [...s].every((c) => c.charCodeAt(0) <= 0xff);

describe("latin1Source (the snapshot's copy of TypeScript's source)", () => {
  it("leaves a source that is already one byte per character as it is", () => {
    const src = "const a = 'café';\n// naïve\n";
    assert.equal(latin1Source(src), src);
  });

  it("escapes every wider character: the same values from strings, regular expressions, identifiers and comments", () => {
    const src = [
      "// it’s a comment → with arrows",
      "const π = 3;",
      "const quote = 'it’s';",
      'const smile = "a😀b";',
      "const arrow = /→+/.test('x→→y');",
      "const tpl = `‘${π}’`;",
      "return [π, quote, smile, arrow, tpl, quote.length, smile.length];",
    ].join("\n");
    const out = latin1Source(src);
    assert.ok(narrow(out));
    assert.equal(out.split("\n").length, src.split("\n").length, "no line moves");
    assert.deepEqual(new Function(out)(), new Function(src)());
    assert.deepEqual(new Function(out)(), [3, "it’s", "a😀b", true, "‘3’", 4, 4]);
  });

  it("escapes a character split across two of its pieces (65,536 characters each)", () => {
    const src = `const s = "${"x".repeat(65536 - 12)}😀";\nreturn s.slice(-2);`;
    assert.ok(src.charCodeAt(65535) >= 0xd800 && src.charCodeAt(65535) <= 0xdbff, "the pair straddles the boundary");
    const out = latin1Source(src);
    assert.ok(narrow(out));
    assert.equal(new Function(out)(), "😀");
  });

  it("makes TypeScript's own source one byte per character, line for line", () => {
    const file = require.resolve("@tslab/typescript-for-tslab", { paths: [require.resolve("tslab/package.json")] });
    const src = fs.readFileSync(file, "utf8");
    assert.ok(!narrow(src), "typescript.js has characters above U+00FF (else this test checks nothing)");
    const out = latin1Source(src);
    assert.ok(narrow(out));
    assert.equal(out.split("\n").length, src.split("\n").length);
  });
});
