// results.jsonl (append-only, resumable), gradebook.csv, merge of shards, feedback pages.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tools = require("../../../instructor/dist/index.js");
const { appendResult, readResults, gradebookRows, gradebookCsv, parseGradebook, mergeGradebooks, feedbackHtml } = tools.grading;

function result(student, rows, extra = {}) {
  return {
    student, file: `${student}.ipynb`, status: "ok", tampered: false, flags: [], cellErrors: [], rows,
    points: rows.reduce((s, r) => s + r.points, 0), max: rows.reduce((s, r) => s + r.max, 0), seconds: 1, cellSeconds: 1, ...extra,
  };
}
const visible = (name, points, max, status, message, hint) => ({ exercise: "0.1", test: name, points, max, status, hidden: false, ...(message ? { message } : {}), ...(hint ? { hint } : {}) });
const hidden = (name, points, max, status) => ({ exercise: "0.1", test: name, points, max, status, hidden: true });

describe("grading: results and gradebook", () => {
  let dir;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-gb-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("appends one line per student and reads them back; a crash's partial line is dropped", () => {
    const file = path.join(dir, "results.jsonl");
    appendResult(file, result("a", [visible("t", 1, 1, "passed")]));
    appendResult(file, result("b", [visible("t", 0, 1, "failed", "no")]));
    fs.appendFileSync(file, '{"student":"c","rows":[');
    const back = readResults(file);
    assert.deepEqual(back.map((r) => r.student), ["a", "b"]);
    assert.ok(fs.readFileSync(file, "utf8").endsWith("}\n"), "the partial line is cut off so the next append starts clean");
    appendResult(file, result("c", []));
    assert.deepEqual(readResults(file).map((r) => r.student), ["a", "b", "c"]);
  });

  it("writes one row per test plus a total per student, and reads its own CSV back", () => {
    const rows = gradebookRows([
      result("zed", [visible('quotes "and", commas', 1, 1, "passed"), hidden("h", 0, 2, "timeout")], { status: "cell errors", tampered: true }),
      result("amy", [visible("t", 0.5, 1, "failed")]),
    ]);
    assert.deepEqual(rows, [
      ["amy", "0.1", "t", 0.5, 1, "failed"],
      ["amy", "total", "", 0.5, 1, "ok"],
      ["zed", "0.1", 'quotes "and", commas', 1, 1, "passed"],
      ["zed", "0.1", "[hidden] h", 0, 2, "timeout"],
      ["zed", "total", "", 1, 3, "cell errors; tampered"],
    ]);
    const csv = gradebookCsv(rows);
    assert.equal(csv.split("\n")[0], "student,exercise,test,points,max,status");
    assert.deepEqual(parseGradebook(csv), rows);
    assert.throws(() => parseGradebook("a,b\n1,2\n", "x.csv"), /not a Trainlab gradebook/);
  });

  it("merges shards by student and refuses a student graded differently twice", () => {
    const a = gradebookRows([result("b", [visible("t", 1, 1, "passed")]), result("d", [])]);
    const b = gradebookRows([result("a", [visible("t", 0, 1, "failed")]), result("c", [])]);
    const merged = mergeGradebooks([{ file: "1.csv", rows: a }, { file: "2.csv", rows: b }]);
    assert.deepEqual([...new Set(merged.map((r) => r[0]))], ["a", "b", "c", "d"]);
    assert.equal(merged.length, a.length + b.length);
    assert.deepEqual(mergeGradebooks([{ file: "1.csv", rows: a }, { file: "1 again.csv", rows: a }]), a);
    const other = gradebookRows([result("b", [visible("t", 0, 1, "failed")])]);
    assert.throws(() => mergeGradebooks([{ file: "1.csv", rows: a }, { file: "3.csv", rows: other }]), /b is graded differently in 1.csv and 3.csv/);
  });
});

describe("grading: feedback page", () => {
  it("explains failed visible tests; shows hidden tests by name and count only; shows totals", () => {
    const r = result("amy", [
      visible("equal arrays give 0", 1, 1, "passed"),
      visible("divides by n", 0, 1, "failed", "expected 1.6667, got 2", "Divide by the length."),
      hidden("negative differences", 2, 2, "passed"),
      hidden("a single value", 0, 1, "failed"),
    ], { cellErrors: [{ cell: 3, ename: "SyntaxError", evalue: "Unexpected <token>" }], tampered: true, flags: ["locked cell 5 was edited; the original ran"] });
    const html = feedbackHtml(r, { chapter: "00-getting-started" });
    assert.match(html, /Total: 3 \/ 5 points/);
    assert.match(html, /expected 1\.6667, got 2/);
    assert.match(html, /Hint: Divide by the length\./);
    assert.match(html, /Hidden tests: 1 of 2 passed/);
    assert.match(html, /a single value/);
    assert.match(html, /locked cell 5 was edited/);
    assert.match(html, /Unexpected &lt;token&gt;/, "escaped");
    assert.doesNotMatch(html, /<token>/);
  });

  it("never shows a hidden test's message, even when one was recorded", () => {
    const r = result("amy", [{ ...hidden("secret case", 0, 1, "failed"), message: "expected 4 for args [[2.5],[0.5]]", hint: "SECRET-HINT" }]);
    const html = feedbackHtml(r);
    assert.match(html, /secret case/);
    assert.doesNotMatch(html, /expected 4|2\.5|SECRET-HINT/);
  });
});
