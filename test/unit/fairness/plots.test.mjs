import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const F = lab.fairness;

describe("fairness figures", () => {
  it("group bars: one bar trace per group plus the overall marker, count left out", () => {
    const mf = F.metricFrame([1, 0, 1, 0], [1, 1, 0, 0], ["a", "a", "b", "b"]);
    const fig = F.groupFigure(mf);
    assert.deepEqual(fig.data.map((t) => t.name), ["a", "b", "overall"]);
    assert.ok(!fig.data[0].x.includes("count"));
    assert.deepEqual(fig.data[0].y, mf.byGroup[0] && fig.data[0].x.map((m) => mf.byGroup[0][m]));
  });

  it("trade-off: accuracy against disparity for each curve", () => {
    const pts = [{ tolerance: 0, accuracy: 0.6, disparity: 0, thresholds: {} }, { tolerance: 1, accuracy: 0.7, disparity: 0.3, thresholds: {} }];
    const fig = F.tradeoffFigure({ dp: pts });
    assert.deepEqual(fig.data[0].x, [0, 0.3]);
    assert.deepEqual(fig.data[0].y, [0.6, 0.7]);
    assert.equal(fig.data[0].mode, "lines+markers");
    assert.equal(F.tradeoffFigure({ dp: pts }, { markersOnly: ["dp"] }).data[0].mode, "markers");
  });
});
