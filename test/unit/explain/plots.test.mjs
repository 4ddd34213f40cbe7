import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const E = lab.explain;

describe("explain figures", () => {
  const f = (A) => A.map((r) => 2 * r[0] - r[1] + 0.5 * r[2] + 1);
  const shap = E.kernelShap(f, [[1, 2, 3]], { background: [[0, 0, 0]], featureNames: ["a", "b", "c"] });

  it("waterfall: bars walk from E[f] to f(x), largest |φ| first", () => {
    const fig = E.waterfallFigure(shap);
    const t = fig.data[0];
    assert.deepEqual(t.y, ["E[f] (base)", "a", "b", "c", "f(x)"]); // |φ| = 2, 2, 1.5 (stable order)
    const ends = t.x.map((x, i) => t.base[i] + x);
    assert.ok(Math.abs(ends[3] - shap.prediction[0]) < 1e-9, "last feature bar ends at f(x)");
    assert.ok(Math.abs(t.x[4] - 2.5) < 1e-9, "f(x) = 2 − 2 + 1.5 + 1");
    const short = E.waterfallFigure(shap, { top: 1 });
    assert.deepEqual(short.data[0].y, ["E[f] (base)", "a", "2 other features", "f(x)"]);
  });

  it("importance bars: most important on top (plotly draws the last category on top)", () => {
    const X = [[0, 1, 0], [1, 0, 1], [1, 1, 0], [0, 0, 1]];
    const predict = (A) => A.map((r) => r[0]);
    const r = E.permutationImportance(predict, X, { y: [0, 1, 1, 0], nRepeats: 4, seed: 3, featureNames: ["p", "q", "r"] });
    const t = E.importanceFigure(r).data[0];
    assert.equal(t.y[t.y.length - 1], "p");
  });

  it("saliency maps: one heatmap per map, rows of pixels in order", () => {
    const img = Array.from({ length: 64 }, (_, i) => i);
    const fig = E.saliencyFigure([img, img.map((v) => v - 32)], { titles: ["image", "signed"] });
    assert.equal(fig.data.length, 2);
    assert.deepEqual(fig.data[0].z[1], [8, 9, 10, 11, 12, 13, 14, 15]);
    assert.equal(fig.data[1].zmid, 0);
    assert.throws(() => E.saliencyFigure([[1, 2, 3]]), /width and height/);
  });
});
