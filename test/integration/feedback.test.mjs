// Chapter 0 in real Jupyter with a wrong, a throwing and a right answer: the three check outputs
// show the three outcomes (with the mistake's own hint and the learner's own line), lab.hint and
// lab.solution answer; and a check report with "$" in it is not typeset as maths by MathJax in
// headless Chromium.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root, require, codeCells, outputText } from "../helpers/jupyter.mjs";
import { renderedDom } from "../helpers/browser.mjs";

const lab = require(path.join(root, "kernel-ext/dist/index.js"));
// The exercise runner's internals (not in lab.grading, the learner's public API).
const grading = require(path.join(root, "kernel-ext/dist/grading/index.js"));
const tools = require(path.join(root, "instructor/dist/index.js"));
const { runNotebook } = require(path.join(root, "instructor/dist/cli/run.js"));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-feedback-"));

const ANSWERS = {
  // Wrong: absolute instead of squared differences.
  "0.1": `function meanSquaredError(yTrue: number[], yPred: number[]): number {
  if (yTrue.length !== yPred.length) throw new Error("lengths differ");
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i] - yPred[i]);
  return sum / yTrue.length;
}`,
  // Throws: a null has no toFixed.
  "0.2": `function fillMissing(values: (number | null)[], fill: number): number[] {
  const out: number[] = [];
  for (const v of values) out.push(Number((v as number).toFixed(2)));
  return out;
}`,
  // Right.
  "0.3": `function indicesAbove(values: number[], threshold: number): number[] {
  return values.flatMap((v, i) => (v > threshold ? [i] : []));
}`,
};

describe("chapter 0's feedback in real Jupyter: a wrong, a throwing and a right answer", function () {
  this.timeout(300000);
  let nb;

  before(() => {
    const chapter = tools.lessons.listChapters(path.join(root, "lessons")).find((c) => c.slug.startsWith("00-"));
    const notebook = JSON.parse(tools.lessons.buildChapter(chapter, "student"));
    for (const cell of notebook.cells) {
      const id = cell.metadata.trainlab?.exercise;
      if (id) cell.source = ANSWERS[id];
    }
    const extra = (source) => ({ id: `extra-${source.length}`, cell_type: "code", metadata: {}, execution_count: null, outputs: [], source });
    notebook.cells.push(extra('lab.hint("0.1");'), extra('lab.solution("0.3");'));
    const input = path.join(work, "00-getting-started.ipynb");
    fs.writeFileSync(input, JSON.stringify(notebook));
    // A learner's own folder: it imports the course (a node_modules link), and the self-paced build
    // keeps solutions beside the notebooks.
    fs.symlinkSync(path.join(root, "node_modules"), path.join(work, "node_modules"));
    fs.cpSync(path.join(root, "notebooks", ".solutions"), path.join(work, ".solutions"), { recursive: true });
    const result = runNotebook(input, { allowErrors: true, timeout: 180 });
    console.log(`      chapter 0 ran in ${result.seconds.toFixed(1)} s`);
    nb = JSON.parse(fs.readFileSync(result.out, "utf8"));
  });

  const checkOutput = (id) => {
    const cell = codeCells(nb).find((c) => c.source.includes(`lab.check("${id}"`));
    const output = cell.outputs.find((o) => o.data?.["application/vnd.trainlab.check+json"]);
    assert.ok(output, `check ${id} displayed a report: ${JSON.stringify(cell.outputs).slice(0, 400)}`);
    return { summary: output.data["application/vnd.trainlab.check+json"], text: outputText(output), html: [].concat(output.data["text/html"]).join("") };
  };

  it("every cell ran without an error (a wrong or throwing answer fails its check, not the cell)", () => {
    const errors = codeCells(nb).flatMap((c) => c.outputs.filter((o) => o.output_type === "error").map((o) => `${c.source.slice(0, 40)}: ${o.evalue}`));
    assert.deepEqual(errors, []);
    const idioms = codeCells(nb).filter((c) => c.source.startsWith("// A union type") || c.source.startsWith("// Generics")).map((c) => c.outputs.map(outputText).join(""));
    assert.match(idioms[0], /known 22,38, missing at 1,3 of 0,1,2,3, sorted copy 22,38, first or 0: 0, doubled 44,76/);
    assert.match(idioms[1], /moved \{"x":10,"y":2\}; loss 0\.5; the model has 2 parameters/);
  });

  it("the wrong answer is 'incorrect': expected and got, and the hint for absolute differences", () => {
    const { summary, text, html } = checkOutput("0.1");
    assert.equal(summary.outcome, "incorrect");
    assert.deepEqual(summary.results.map((r) => r.outcome), ["passed", "incorrect", "passed"]);
    assert.match(text, /✗ Exercise 0\.1 — Mean squared error: Incorrect — 2 of 3 tests passed/);
    assert.match(text, /expected 1\.6666666666666667, got 1\n/);
    assert.match(text, /Hint: That is the mean absolute difference/);
    assert.match(html, /trainlab-incorrect/);
  });

  it("the throwing answer is 'your code threw', with the learner's own line and no library frames", () => {
    const { summary, text, html } = checkOutput("0.2");
    assert.equal(summary.outcome, "threw");
    assert.match(text, /⚠ Exercise 0\.2 — Fill the gaps: Your code threw an error/);
    assert.match(text, /your code threw TypeError: Cannot read properties of null \(reading 'toFixed'\)/);
    assert.match(text, /Where: in fillMissing, at: (for \(const v of values\) )?out\.push\(Number\(\(?v\)?\.toFixed\(2\)\)\);/);
    assert.doesNotMatch(text, /kernel-ext|node_modules|node:internal|evalmachine/);
    assert.match(html, /trainlab-threw/);
  });

  it("the right answer is 'passed'", () => {
    const { summary, text, html } = checkOutput("0.3");
    assert.equal(summary.outcome, "passed");
    assert.match(text, /✓ Exercise 0\.3 — Where are the large values\?: Passed: all 3 tests passed/);
    assert.match(html, /trainlab-passed/);
  });

  it("lab.hint gives the next hint each time and lab.solution shows the solution highlighted", () => {
    const texts = codeCells(nb).filter((c) => c.source.startsWith("lab.hint(")).map((c) => c.outputs.map(outputText).join(""));
    assert.match(texts[0], /Hint 1 of 3 for exercise 0\.1/);
    assert.match(texts[1], /Hint 2 of 3 for exercise 0\.1/);
    const solution = codeCells(nb).find((c) => c.source.startsWith("lab.solution(")).outputs[0].data["text/markdown"];
    assert.match([].concat(solution).join(""), /```typescript\nfunction indicesAbove[^]*flatMap/);
  });

  it("a check whose name has dollar signs is not typeset as maths by MathJax (Chromium)", () => {
    const exercise = { id: "4.9", title: "Cost", name: "f", tests: [{ name: "at $2/h that is $2", args: [], expect: () => {} }] };
    const { html } = grading.report(exercise, grading.runTests(exercise, () => 1));
    const mathjax = "/usr/share/javascript/mathjax/MathJax.js";
    if (!fs.existsSync(mathjax)) throw new Error("MathJax is not installed: apt-get install libjs-mathjax (bin/setup.sh installs it)");
    // MathJax configured as Jupyter Notebook configures it: $…$ is inline maths.
    const page = path.join(work, "mathjax.html");
    fs.writeFileSync(
      page,
      `<!doctype html><html><head><script type="text/x-mathjax-config">MathJax.Hub.Config({tex2jax:{inlineMath:[["$","$"],["\\\\(","\\\\)"]],processEscapes:true,ignoreClass:"tex2jax_ignore|dataframe"},messageStyle:"none"});</script>
<script src="file://${mathjax}?config=TeX-AMS_HTML"></script></head><body>
<div id="report">${html}</div>
<div id="control">at $2/h that is $2</div></body></html>`,
    );
    const dom = renderedDom(page);
    const report = dom.slice(dom.indexOf('id="report"'), dom.indexOf('id="control"'));
    const control = dom.slice(dom.indexOf('id="control"'));
    // The control (plain text) is typeset, so MathJax ran; the report is left as text.
    assert.match(control, /class="MathJax/, "MathJax typesets the unescaped control text");
    assert.doesNotMatch(report, /MathJax|math\/tex/);
    assert.match(report.replace(/<[^>]+>/g, "").replace(/&#36;|&#x24;/g, "$"), /at \$2\/h that is \$2/);
  });
});
