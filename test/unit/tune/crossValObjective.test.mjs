// tune.crossValObjective(makeEstimator, X, y): a study's objective that cross-validates any estimator.
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");

/** Two classes on a line, with a few labels flipped: small k overfits the flips, larger k does better. */
function data() {
  const rand = lab.explain.seededRandom(3);
  const X = [], y = [];
  for (let i = 0; i < 60; i++) {
    const x = rand() * 2 - 1;
    X.push([x]);
    y.push((x > 0 ? 1 : 0) ^ (i % 7 === 0 ? 1 : 0));
  }
  return { X, y };
}

describe("tune.crossValObjective", () => {
  it("each trial's value is crossValidate's mean accuracy for the estimator it built", async () => {
    const { X, y } = data();
    const study = lab.tune.createStudy({ direction: "maximize", sampler: lab.tune.gridSampler({ k: [1, 5, 9] }), seed: 0 });
    await study.optimize(lab.tune.crossValObjective((t) => lab.data.knn({ k: t.suggestCategorical("k", [1, 5, 9]) }), X, y, { cv: 5 }), { nTrials: 3 });
    assert.equal(study.trials.length, 3);
    for (const t of study.trials) {
      const expected = (await lab.overfit.crossValidate(lab.data.knn({ k: t.params.k }), X, y, { cv: 5 })).mean;
      lab.assertClose(t.value, expected, 1e-12);
    }
    const byK = Object.fromEntries(study.trials.map((t) => [t.params.k, t.value]));
    assert.ok(byK[1] < byK[9], `1-NN memorises the flipped labels: ${JSON.stringify(byK)}`);
  });

  it("says what to pass when makeEstimator or the data are wrong", async () => {
    const { X, y } = data();
    assert.throws(() => lab.tune.crossValObjective(lab.data.knn(), X, y), (e) => e instanceof lab.TrainlabError && /makeEstimator must be a function/.test(e.message));
    assert.throws(() => lab.tune.crossValObjective(() => lab.data.knn(), X, y.slice(1)), /same length/);
    const study = lab.tune.createStudy({ direction: "maximize", seed: 0 });
    await assert.rejects(study.optimize(lab.tune.crossValObjective(() => ({ predict: () => [] }), X, y), { nTrials: 1 }), /must return an estimator with fit/);
    assert.equal(study.trials[0].state, "failed");
  });
});
