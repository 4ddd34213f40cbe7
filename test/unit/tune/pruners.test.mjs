// Pruners: replay fixed learning curves and compare every pruning decision with Optuna's
// (test/fixtures/tune/make_pruner_fixtures.py), plus a small case with rungs computed by hand.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const lab = createRequire(import.meta.url)("../../../kernel-ext/dist/index.js");
const { crc32 } = createRequire(import.meta.url)("../../../kernel-ext/dist/tune/pruners/hyperband.js");
const { tune } = lab;

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/tune/pruners.json", import.meta.url), "utf8"));

function makePruner(p) {
  return p.kind === "sha"
    ? tune.successiveHalvingPruner({ minResource: p.minResource, reductionFactor: p.reductionFactor, minEarlyStoppingRate: p.minEarlyStoppingRate, bootstrapCount: p.bootstrapCount })
    : tune.hyperbandPruner({ minResource: p.minResource, maxResource: p.maxResource, reductionFactor: p.reductionFactor, bootstrapCount: p.bootstrapCount });
}

/** Runs one trial per curve; returns the step each trial was pruned at (null: ran to the end). */
async function replay(study, curves, transform = (v) => v) {
  const prunedAt = [];
  for (const values of curves) {
    let at = null;
    await study.optimize((trial) => {
      for (let step = 1; step <= values.length; step++) {
        trial.report(transform(values[step - 1]), step);
        if (trial.shouldPrune()) { at = step; trial.prune(); }
      }
      return transform(values[values.length - 1]);
    }, { nTrials: 1 });
    prunedAt.push(at);
  }
  return prunedAt;
}

describe("tune pruners match Optuna", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: prunes the same trials at the same steps as Optuna ${fixture.optuna}`, async () => {
      const pruner = makePruner(c.pruner);
      const study = tune.createStudy({ direction: c.direction, pruner, sampler: "random", seed: 0, name: c.name });
      const toValue = c.direction === "maximize" ? (v) => v : (v) => Math.round((1 - v) * 1e6) / 1e6;
      // The fixture writes NaN reports as the string "NaN" (JSON has no NaN).
      const got = await replay(study, c.curves.map((curve) => curve.map((v) => (v === "NaN" ? NaN : v))), toValue);
      assert.deepEqual(got, c.prunedAt);
      assert.equal(study.trials.filter((t) => t.state === "pruned").length, c.prunedAt.filter((s) => s !== null).length);
      if (c.brackets) {
        assert.equal(pruner.nBrackets, c.nBrackets);
        assert.deepEqual(study.trials.map((t) => pruner.bracketOf(study, t)), c.brackets);
      }
    });
  }
});

describe("successive halving by hand", () => {
  it("rungs sit at minResource * eta^(rate + k)", () => {
    assert.deepEqual(tune.successiveHalvingPruner({ minResource: 2, reductionFactor: 3 }).rungSteps(3), [2, 6, 18]);
    assert.deepEqual(tune.successiveHalvingPruner({ minResource: 1, reductionFactor: 2, minEarlyStoppingRate: 1 }).rungSteps(3), [2, 4, 8]);
  });

  it("eta=2, rungs at steps 1, 2, 4: only the top half of each rung goes on", async () => {
    // Maximise. Rung 0 (step 1) values in trial order: 0.5, 0.7, 0.6, 0.4.
    // t0: alone at rung 0 -> the best so far -> promoted; alone at rung 1 (step 2) -> promoted; rung 2 (step 4) alone -> promoted.
    // t1: rung 0 {0.5, 0.7}: floor(2/2)-1 = 0 -> must be >= the best (0.7) -> promoted; rung 1 {0.55, 0.8} -> promoted; rung 2 {0.6, 0.9} -> promoted.
    // t2: rung 0 {0.5, 0.7, 0.6}: idx 0 -> must be >= 0.7 -> pruned at step 1.
    // t3: rung 0 {0.5, 0.7, 0.6, 0.4}: idx 1 -> must be >= 0.6 (2nd best) -> pruned at step 1.
    // t4: rung 0 {…, 0.65}: 5 values, idx 1 -> >= 0.65 -> promoted; rung 1 {0.55, 0.8, 0.66}: idx 0 -> must be >= 0.8 -> pruned at step 2.
    const curves = [
      [0.5, 0.55, 0.58, 0.6],
      [0.7, 0.8, 0.85, 0.9],
      [0.6, 0.9, 0.9, 0.9],
      [0.4, 0.95, 0.95, 0.95],
      [0.65, 0.66, 0.99, 0.99],
    ];
    const study = tune.createStudy({ direction: "maximize", pruner: tune.successiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), seed: 0 });
    assert.deepEqual(await replay(study, curves), [null, null, 1, 1, 2]);
    assert.deepEqual(study.trials.map((t) => t.state), ["complete", "complete", "pruned", "pruned", "pruned"]);
    // Compute spent counts the steps each trial used: 4 + 4 + 1 + 1 + 2.
    assert.equal(study.computeSpent, 12);
  });

  it("a NaN intermediate value is pruned once it reaches a rung", async () => {
    const study = tune.createStudy({ direction: "minimize", pruner: tune.successiveHalvingPruner({ minResource: 2, reductionFactor: 2 }), seed: 0 });
    assert.deepEqual(await replay(study, [[NaN, NaN, NaN]]), [2]);
  });

  it("hyperband: brackets and their budgets follow Optuna's formula", () => {
    // max 27, min 1, eta 3 -> floor(log3 27) + 1 = 4 brackets.
    assert.equal(tune.hyperbandPruner({ maxResource: 27, reductionFactor: 3 }).nBrackets, 4);
    assert.equal(tune.hyperbandPruner({ maxResource: 20, reductionFactor: 2 }).nBrackets, 5);
    assert.equal(tune.hyperbandPruner({ maxResource: 9, minResource: 3, reductionFactor: 3 }).nBrackets, 2);
    assert.equal(tune.hyperbandPruner({ maxResource: 26, reductionFactor: 3 }).nBrackets, 3);
    // Exact powers count exactly (3^5 = 243: 6 brackets), where a float log could round below.
    assert.equal(tune.hyperbandPruner({ maxResource: 243, reductionFactor: 3 }).nBrackets, 6);
    assert.equal(tune.hyperbandPruner({ maxResource: 1000, reductionFactor: 10 }).nBrackets, 4);
    // Python: binascii.crc32(b"hb-27-eta3_0"), binascii.crc32("é_1".encode())
    assert.equal(crc32("hb-27-eta3_0"), 739504914);
    assert.equal(crc32("é_1"), 4293441978);
  });

  it("rejects nonsense settings with a TrainlabError", () => {
    assert.throws(() => tune.successiveHalvingPruner({ reductionFactor: 1 }), { name: "TrainlabError" });
    assert.throws(() => tune.hyperbandPruner({}), { name: "TrainlabError" });
  });
});
