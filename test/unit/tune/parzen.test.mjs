// TPE's Parzen estimator: log densities equal Optuna 3.1's _ParzenEstimator on the same
// observations (test/fixtures/tune/make_parzen_fixtures.py), for every kind of parameter — with the
// later Optuna fix of its truncated-normal density (the -log(scale) term) applied.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { parzenEstimator, defaultWeights, defaultGamma } = require("../../../kernel-ext/dist/tune/samplers/parzen.js");
const { createRng } = require("../../../kernel-ext/dist/core/random.js");

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/tune/parzen.json", import.meta.url), "utf8"));
const options = { priorWeight: 1, magicClip: true };

describe("tune Parzen estimator matches Optuna", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: log density at ${c.points.length} points`, () => {
      const pe = parzenEstimator(c.distribution, c.observations, defaultWeights(c.observations.length), options);
      const got = pe.logPdf(c.points);
      got.forEach((v, i) => assert.ok(Math.abs(v - c.logPdf[i]) < 1e-5, `at ${c.points[i]}: ${v} vs Optuna ${c.logPdf[i]}`));
    });
  }

  it("default weights and gamma follow Optuna (ramp before the last 25, gamma = min(ceil(0.1 n), 25))", () => {
    assert.deepEqual(defaultWeights(3), [1, 1, 1]);
    const w = defaultWeights(30);
    assert.equal(w.length, 30);
    assert.ok(Math.abs(w[0] - 1 / 30) < 1e-15);
    assert.equal(w[4], 1);
    assert.deepEqual([0, 1, 10, 11, 249, 250, 1000].map(defaultGamma), [0, 1, 1, 2, 25, 25, 25]);
  });

  it("samples stay inside the distribution and follow the observations", () => {
    const d = { kind: "float", low: 0, high: 10, log: false };
    const pe = parzenEstimator(d, [2, 2.1, 1.9, 2.05], defaultWeights(4), options);
    const xs = pe.sample(createRng(1), 2000);
    assert.ok(xs.every((x) => x >= 0 && x <= 10));
    const priorOnly = parzenEstimator(d, [], [], options).sample(createRng(1), 2000);
    const near = (v) => v.filter((x) => Math.abs(x - 2) < 1).length / v.length;
    // 4 of the 5 components sit at 2: far more draws land near it than from the prior alone.
    assert.ok(near(xs) > near(priorOnly) + 0.15, `share near 2: ${near(xs)} vs prior ${near(priorOnly)}`);
    const di = { kind: "int", low: 1, high: 64, log: true, step: 1 };
    const ys = parzenEstimator(di, [8, 8, 9], defaultWeights(3), options).sample(createRng(2), 500);
    assert.ok(ys.every((y) => Number.isInteger(y) && y >= 1 && y <= 64));
  });
});
