// One figure convention: every chart helper is xxxFigure(data, options) → Figure (a cell shows it
// as its last expression, or through lab.show); figures compose with overlay and sideBySide.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const { overlay, sideBySide, figure, mimeBundleOf } = lab.display;

const here = path.dirname(fileURLToPath(import.meta.url));
const PLOTLY = "application/vnd.plotly.v1+json";

/** A study with a few complete trials of two parameters. */
async function smallStudy() {
  const study = lab.tune.createStudy({ direction: "minimize", sampler: "random", seed: 3 });
  await study.optimize((t) => (t.suggestFloat("x", -1, 1) - 0.2) ** 2 + t.suggestInt("n", 1, 4) / 10, { nTrials: 6 });
  return study;
}

/** The domain of every x axis of a layout, as [name, [from, to]]. */
const xDomains = (layout) => Object.entries(layout).filter(([k]) => /^xaxis\d*$/.test(k)).map(([k, v]) => [k, v.domain]);

describe("figures: one convention", () => {
  it("no helper in any namespace is a second shape (plotXxx) — lab.plot(traces, layout) is the one raw escape", () => {
    const api = JSON.parse(fs.readFileSync(path.join(here, "public-api.json"), "utf8"));
    const offenders = Object.entries(api).flatMap(([ns, names]) => names.filter((n) => /^plot[A-Z]/.test(n) || n === "FigureSpec").map((n) => `lab.${ns ? ns + "." : ""}${n}`));
    assert.deepEqual(offenders, []);
  });

  it("tune's figures are Figures: they show themselves as a cell's last expression", async () => {
    const study = await smallStudy();
    for (const fig of [lab.tune.optimizationHistoryFigure(study, { x: "compute" }), lab.tune.importanceFigure(study), lab.tune.sliceFigure(study)]) {
      assert.equal(typeof fig.toMimeBundle, "function");
      const bundle = mimeBundleOf(fig);
      assert.deepEqual(bundle[PLOTLY].data, fig.data);
      assert.match(bundle["text/plain"], /^\[figure: /);
    }
  });

  it("learning and validation curves are drawn by learningCurveFigure / validationCurveFigure", async () => {
    const X = Array.from({ length: 60 }, (_, i) => [i % 2 ? 1 + (i % 7) / 10 : -1 - (i % 5) / 10, (i % 3) / 3]);
    const y = X.map((r) => (r[0] > 0 ? 1 : 0));
    const lc = await lab.data.learningCurve(lab.data.nearestCentroid(), X, y, { cv: 3, trainSizes: [0.5, 1] });
    assert.equal("plot" in lc, false);
    const f = lab.data.learningCurveFigure(lc, { title: "LC" });
    assert.deepEqual(f.data.map((t) => t.name), ["training accuracy", "validation accuracy"]);
    assert.deepEqual(f.data[1].y, lc.testMean);
    assert.equal(f.layout.title.text, "LC");
    const vc = await lab.overfit.validationCurve((k) => lab.data.knn({ k }), X, y, { values: [1, 5], cv: 3 });
    assert.equal("plot" in vc, false);
    const g = lab.overfit.validationCurveFigure(vc, { xTitle: "k" });
    assert.deepEqual(g.data[0].y, vc.trainMean);
    assert.equal(g.layout.xaxis.title.text, "k");
    assert.match(g.layout.title.text, /best: [15]/);
  });

  it("a drift report is drawn by driftFigure: one PSI bar per feature, the threshold dashed, two histograms per feature", () => {
    const ref = Array.from({ length: 400 }, (_, i) => Math.sin(i) * 2);
    const report = lab.deploy.driftReport({ a: ref, b: ref }, { a: ref.map((v) => v + 1.5), b: ref.slice(0, 200) });
    assert.equal("show" in report, false);
    const fig = lab.deploy.driftFigure(report);
    assert.deepEqual(fig.data[0].x, ["a", "b"]);
    assert.deepEqual(fig.data[0].y, report.features.map((f) => f.psi));
    assert.equal(fig.layout.shapes[0].y0, report.psiThreshold);
    assert.equal(fig.data.length, 1 + 2 * 2);
    assert.deepEqual(fig.data[1].y, report.histograms[0].referenceShares);
  });

  it("overlay puts every trace on one pair of axes and keeps the first figure's axis titles", () => {
    const a = figure([{ x: [1, 2], y: [3, 4], name: "a" }], { title: "first", xaxis: { title: "epoch" } });
    const b = figure([{ x: [1, 2], y: [5, 6], name: "b", xaxis: "x", yaxis: "y" }], { title: "second" });
    const o = overlay([a, b], { title: "both" });
    assert.deepEqual(o.data.map((t) => t.name), ["a", "b"]);
    assert.ok(o.data.every((t) => !("xaxis" in t)));
    assert.equal(o.layout.xaxis.title.text, "epoch");
    assert.equal(o.layout.title.text, "both");
    assert.match(mimeBundleOf(o)["text/plain"], /both/);
  });

  it("overlay refuses a figure with several panels, and anything that is not an array of figures", () => {
    const panels = figure([{ y: [1] }, { y: [2], xaxis: "x2", yaxis: "y2" }]);
    assert.throws(() => overlay([panels, panels]), (e) => e.name === "TrainlabError" && /2 panels/.test(e.message));
    assert.throws(() => overlay(figure([{ y: [1] }])), (e) => e.name === "TrainlabError" && /array of figures/.test(e.message));
    assert.throws(() => sideBySide([]), (e) => e.name === "TrainlabError");
  });

  it("sideBySide gives each figure its own axes in its own column, panels included, titles above", () => {
    const a = figure([{ x: [1, 2], y: [3, 4], name: "a" }], { title: "left", yaxis: { title: "loss" } });
    const panels = figure([{ y: [1], name: "p1" }, { y: [2], name: "p2", xaxis: "x2", yaxis: "y2" }], { title: "right", grid: { rows: 1, columns: 2, pattern: "independent" }, shapes: [{ type: "line", xref: "x2", yref: "y2", x0: 0, x1: 1, y0: 1, y1: 1 }] });
    const s = sideBySide([a, panels]);
    assert.deepEqual(s.data.map((t) => [t.name, t.xaxis, t.yaxis]), [["a", "x", "y"], ["p1", "x2", "y2"], ["p2", "x3", "y3"]]);
    const domains = xDomains(s.layout).map(([, d]) => d);
    assert.equal(domains.length, 3);
    for (let i = 0; i < domains.length; i++) {
      assert.ok(domains[i][0] >= 0 && domains[i][1] <= 1 && domains[i][0] < domains[i][1], `domain ${i} ${domains[i]}`);
      if (i) assert.ok(domains[i][0] > domains[i - 1][1], "columns overlap");
    }
    assert.equal(s.layout.yaxis.title.text, "loss");
    assert.equal(s.layout.shapes[0].xref, "x3");
    assert.deepEqual(s.layout.annotations.map((n) => n.text), ["left", "right"]);
    assert.equal(s.layout.grid, undefined);
  });
});
