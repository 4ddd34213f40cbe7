// Every number a chapter's prose states is either a claim (checked against the executed notebook
// in test/integration/notebooks.test.mjs) or a given listed with its reason in the chapter's
// givens.txt: an input, a data-set fact, a definition or a reference. A new number in the text
// fails here until its author says which it is. See docs/authoring.md, "Claims".
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tools = require("../../../instructor/dist/index.js");
const { listChapters, unclaimedNumbers, claimMarkers } = tools.lessons;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");

// Chapter 0 is not covered yet (its text is being rewritten separately); every other chapter is.
const chapters = listChapters(path.join(root, "lessons"));

function givens(dir) {
  const file = path.join(dir, "givens.txt");
  if (!fs.existsSync(file)) return new Map();
  return new Map(fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => { const [number, ...why] = l.trim().split(/\s+/); return [number, why.join(" ")]; }));
}

describe("claims coverage: every number in a chapter's text is a claim or a given", () => {
  it("finds the numbers outside claim markers, code, headings and exercise statements", () => {
    const text = ["# Chapter 9 — 99 problems", "Trained for 40 epochs, accuracy [0.97]{claim=a} (`lr = 0.01`).", "",
      "**Exercise 9.1.** Return 7.", "still the exercise: 8", "", "```ts", "const x = 5;", "```", "Back at chapter-7, sha256 of 127.0.0.1, −3 and 1,797."].join("\n");
    assert.deepEqual(unclaimedNumbers(text).map((n) => [n.number, n.line]), [["40", 2], ["−3", 10], ["1,797", 10]]);
  });

  for (const chapter of chapters) {
    it(`${chapter.slug}: each number is a claim or in givens.txt, and givens.txt lists only numbers the text uses`, () => {
      const text = fs.readFileSync(path.join(chapter.dir, "lesson.md"), "utf8");
      assert.ok(claimMarkers(text).length > 0, "the chapter marks its claims");
      const known = givens(chapter.dir);
      const found = unclaimedNumbers(text);
      const missing = found.filter((n) => !known.has(n.number))
        .map((n) => `lesson.md:${n.line}: "${n.number}" in "${n.context.slice(0, 100)}": mark it [${n.number}]{claim=name} with a value in a \`\`\`ts claims block, or, if it is an input, a data-set fact, a definition or a reference, add it to givens.txt with why`);
      assert.deepEqual(missing, []);
      const used = new Set(found.map((n) => n.number));
      assert.deepEqual([...known.keys()].filter((k) => !used.has(k)), [], "givens.txt lists numbers the text no longer states: remove them");
      for (const [number, why] of known) assert.ok(why.length > 0, `givens.txt: say why ${number} is a given`);
    });
  }
});
