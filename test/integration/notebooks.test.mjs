// Every chapter, executed in real Jupyter (nbclient) with the repo's kernel: the instructor version
// (solutions in, plus the cells that print the values behind the prose's claims) runs with zero
// errors, passes every check, and every claim its text makes holds; chapter 0's student version
// runs to the end and its check says "not passed"; its HTML export draws the plot in headless Chromium.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root, require, codeCells, outputText, python, jupyterEnv } from "../helpers/jupyter.mjs";
import { renderedDom, screenshot } from "../helpers/browser.mjs";
import { claimProblems } from "../helpers/claims.mjs";

const { listChapters, buildChapter } = require(path.join(root, "instructor/dist/lessons/index.js"));
const { runNotebook } = require(path.join(root, "instructor/dist/cli/run.js"));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-notebooks-"));
const chapters = listChapters(path.join(root, "lessons"));

function checks(nb) {
  return codeCells(nb).flatMap((c) => c.outputs.map((o) => o.data?.["application/vnd.trainlab.check+json"]).filter(Boolean));
}

describe("chapter notebooks in real Jupyter", function () {
  this.timeout(300000);

  for (const chapter of chapters) {
    it(`${chapter.slug}: the instructor version runs with zero errors, passes every check, and its text's claims hold`, () => {
      const input = path.join(work, `${chapter.slug}.instructor.ipynb`);
      fs.writeFileSync(input, buildChapter(chapter, "instructor", { claims: true }));
      const result = runNotebook(input, { timeout: 180 });
      console.log(`      ${chapter.slug}: ${result.seconds.toFixed(1)} s in Jupyter`);
      assert.equal(result.status, 0, result.stderr);
      const nb = JSON.parse(fs.readFileSync(result.out, "utf8"));
      const errors = codeCells(nb).flatMap((c) => c.outputs.filter((o) => o.output_type === "error"));
      assert.deepEqual(errors, []);
      assert.ok(codeCells(nb).every((c) => c.metadata.trainlab && typeof c.outputs === "object"));
      const exercises = nb.cells.filter((c) => c.metadata.trainlab?.kind === "exercise").length;
      const found = checks(nb);
      assert.ok(found.length >= exercises, `${exercises} exercises but ${found.length} check results`);
      for (const c of found) assert.equal(c.passed, c.total, `exercise ${c.id}: ${c.passed}/${c.total} passed with the solution`);
      assert.deepEqual(claimProblems(chapter.dir, nb), [], "every claim in the text holds in the executed notebook");
    });
  }

  describe("00-getting-started", () => {
    let executed;

    before(() => {
      const input = path.join(work, "00-getting-started.ipynb");
      fs.copyFileSync(path.join(root, "notebooks", "00-getting-started.ipynb"), input);
      const result = runNotebook(input, { allowErrors: true, timeout: 180 });
      executed = result.out;
    });

    it("student version: the unsolved exercises' checks say not attempted, lab.hint gives a hint, and the notebook runs to the end", () => {
      const nb = JSON.parse(fs.readFileSync(executed, "utf8"));
      const cells = codeCells(nb);
      const counts = nb.cells.filter((c) => c.cell_type === "code").map((c) => c.execution_count);
      assert.ok(counts.every((n) => Number.isInteger(n)), `every code cell executed: ${counts}`);
      const found = checks(nb);
      assert.deepEqual(found.map((r) => [r.id, r.passed, r.outcome]), [["0.1", 0, "not-attempted"], ["0.2", 0, "not-attempted"], ["0.3", 0, "not-attempted"]]);
      const text = cells.flatMap((c) => c.outputs.map(outputText)).join("\n");
      assert.match(text, /✎ Exercise 0\.1 — Mean squared error: Not attempted yet: write your code in the exercise cell/);
      assert.match(text, /Hint 1 of 3 for exercise 0\.1: /);
      const errors = cells.flatMap((c) => c.outputs.filter((o) => o.output_type === "error"));
      assert.ok(errors.every((e) => /^Not implemented yet: exercise 0\.1/.test(e.evalue)), JSON.stringify(errors.map((e) => e.evalue)));
    });

    it("exported to HTML and opened in headless Chromium, the plotly plots are drawn", () => {
      const html = path.join(work, "00-getting-started.html");
      const r = spawnSync(python(), ["-m", "nbconvert", "--to", "html", "--output", html, executed], { env: jupyterEnv(), encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      const dom = renderedDom(html);
      const nb = JSON.parse(fs.readFileSync(executed, "utf8"));
      const figures = codeCells(nb).flatMap((c) => c.outputs.map((o) => o.data?.["application/vnd.plotly.v1+json"]).filter(Boolean));
      assert.ok(figures.length >= 2, `chapter 0 shows figures (found ${figures.length})`);
      const plots = dom.match(/<div id="trainlab-[0-9a-f]+" class="trainlab-plot[^"]*"/g) ?? [];
      assert.equal(plots.length, figures.length, "one plot element per figure output");
      // plotly adds class js-plotly-plot and an SVG with the data traces once it has drawn a figure.
      assert.equal((dom.match(/class="trainlab-plot js-plotly-plot"/g) ?? []).length, figures.length, "every figure drawn by plotly");
      const traces = figures.reduce((n, f) => n + f.data.length, 0);
      assert.equal((dom.match(/class="trace scatter/g) ?? []).length, traces, "every trace drawn");
      assert.ok((dom.match(/class="point"/g) ?? []).length >= 40, "the 40 data points are drawn as SVG markers");
      if (process.env.TRAINLAB_SCREENSHOTS) screenshot(html, path.join(process.env.TRAINLAB_SCREENSHOTS, "00-getting-started.png"));
    });
  });
});
