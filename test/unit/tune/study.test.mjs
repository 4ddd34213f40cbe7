// Studies: limits (trials, compute budget), trial states, best trial, compute accounting,
// results table, importances and figures.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const lab = createRequire(import.meta.url)("../../../kernel-ext/dist/index.js");
const { tune } = lab;

/** Reports `epochs` steps of a learning curve whose level depends on x. */
const curveObjective = (epochs) => (trial) => {
  const x = trial.suggestFloat("x", 0, 1);
  let v = 0;
  for (let e = 1; e <= epochs; e++) {
    v = x * (1 - Math.exp(-e / 3));
    trial.report(v, e);
    if (trial.shouldPrune()) return tune.PRUNED;
  }
  return v;
};

describe("tune study", () => {
  it("stops starting trials once the compute budget is spent, and counts compute by reported steps", async () => {
    const study = tune.createStudy({ direction: "maximize", sampler: "random", seed: 1 });
    await study.optimize(curveObjective(5), { budget: 23 });
    // 5 steps per trial: after 4 trials 20 < 23, so a 5th starts; after it 25 >= 23.
    assert.equal(study.trials.length, 5);
    assert.equal(study.computeSpent, 25);
    assert.deepEqual(study.history().map((h) => h.computeSpent), [5, 10, 15, 20, 25]);
  });

  it("with a pruner, the same budget buys more trials", async () => {
    const plain = tune.createStudy({ direction: "maximize", sampler: "random", seed: 2 });
    await plain.optimize(curveObjective(9), { budget: 90 });
    const pruned = tune.createStudy({ direction: "maximize", sampler: "random", seed: 2, pruner: tune.successiveHalvingPruner({ minResource: 1, reductionFactor: 3 }) });
    await pruned.optimize(curveObjective(9), { budget: 90 });
    assert.equal(plain.trials.length, 10);
    assert.ok(pruned.trials.length > plain.trials.length, `${pruned.trials.length} trials`);
    assert.ok(pruned.trials.some((t) => t.state === "pruned"));
    // A pruned trial keeps its last reported value and the compute it used.
    for (const t of pruned.trials.filter((t) => t.state === "pruned")) {
      assert.equal(t.value, t.intermediateValues.get(t.lastStep));
      assert.equal(t.computeUsed, t.lastStep);
    }
  });

  it("best trial follows the direction", async () => {
    for (const direction of ["minimize", "maximize"]) {
      const study = tune.createStudy({ direction, sampler: "random", seed: 3 });
      await study.optimize((t) => t.suggestFloat("x", -1, 1), { nTrials: 30 });
      const values = study.trials.map((t) => t.value);
      const expected = direction === "minimize" ? Math.min(...values) : Math.max(...values);
      assert.equal(study.bestValue, expected);
      assert.equal(study.bestParams.x, expected);
    }
  });

  it("NaN marks a trial failed; an error in the objective fails the trial and reaches the caller", async () => {
    const study = tune.createStudy({ sampler: "random", seed: 0 });
    await study.optimize(() => NaN, { nTrials: 2 });
    assert.deepEqual(study.trials.map((t) => t.state), ["failed", "failed"]);
    assert.equal(study.bestTrial, undefined);
    await assert.rejects(study.optimize(() => { throw new RangeError("bug in objective"); }, { nTrials: 1 }), RangeError);
    assert.equal(study.trials[2].state, "failed");
  });

  it("without any limit optimize refuses to run forever", async () => {
    await assert.rejects(tune.createStudy().optimize(() => 0), { name: "TrainlabError", message: /nTrials/ });
  });

  it("async objectives are awaited", async () => {
    const study = tune.createStudy({ sampler: "random", seed: 0 });
    await study.optimize(async (t) => { await new Promise((r) => setTimeout(r, 1)); return t.suggestInt("k", 1, 3); }, { nTrials: 3 });
    assert.ok(study.trials.every((t) => t.state === "complete" && [1, 2, 3].includes(t.value)));
  });

  it("trialsTable has one row per trial and one column per parameter", async () => {
    const study = tune.createStudy({ sampler: "random", seed: 0 });
    await study.optimize((t) => t.suggestFloat("a", 0, 1) + (t.suggestCategorical("b", ["x", "y"]) === "x" ? 1 : 0), { nTrials: 4 });
    const table = tune.trialsTable(study);
    assert.equal(table.numRows(), 4);
    for (const c of ["number", "state", "value", "computeUsed", "durationMs", "param_a", "param_b"]) assert.ok(table.columnNames().includes(c), c);
    assert.deepEqual(table.array("param_a"), study.trials.map((t) => t.params.a));
  });

  it("paramImportances: the parameter that drives the objective gets most of the importance", async () => {
    const study = tune.createStudy({ sampler: "random", seed: 9 });
    await study.optimize((t) => 10 * t.suggestFloat("matters", 0, 1) + 0.1 * t.suggestFloat("noise", 0, 1) + (t.suggestCategorical("c", ["a", "b"]) === "a" ? 0.05 : 0), { nTrials: 80 });
    const imp = tune.paramImportances(study);
    assert.equal(imp[0].param, "matters");
    assert.ok(imp[0].importance > 0.9, JSON.stringify(imp));
    assert.ok(Math.abs(imp.reduce((s, i) => s + i.importance, 0) - 1) < 1e-12);
  });

  it("paramImportances equals η² computed by hand on a categorical parameter", async () => {
    const values = [1, 2, 3, 5];
    const study = tune.createStudy({ sampler: tune.gridSampler({ c: ["a", "b"], d: [0, 1] }, { shuffle: false }) });
    let i = 0;
    await study.optimize((t) => { t.suggestCategorical("c", ["a", "b"]); t.suggestInt("d", 0, 1); return values[i++]; });
    // Order: (a,0)=1 (a,1)=2 (b,0)=3 (b,1)=5. Mean 2.75; total SS = 3.0625+0.5625+0.0625+5.0625 = 8.75.
    // c: means 1.5 and 4 -> between SS = 2(1.25²) + 2(1.25²) = 6.25 -> η² = 0.714…
    // d: means 2 and 3.5 -> between SS = 2(0.75²) + 2(0.75²) = 2.25 -> η² = 0.257…
    const imp = Object.fromEntries(tune.paramImportances(study).map((r) => [r.param, r]));
    assert.ok(Math.abs(imp.c.etaSquared - 6.25 / 8.75) < 1e-12);
    assert.ok(Math.abs(imp.d.etaSquared - 2.25 / 8.75) < 1e-12);
    assert.ok(Math.abs(imp.c.importance - 6.25 / 8.5) < 1e-12);
  });

  it("figures hold one point per trial", async () => {
    const study = tune.createStudy({ direction: "maximize", sampler: "random", seed: 1, pruner: tune.successiveHalvingPruner({ reductionFactor: 2 }) });
    await study.optimize(curveObjective(4), { nTrials: 12 });
    const h = tune.optimizationHistoryFigure(study, { x: "compute" });
    const complete = study.trials.filter((t) => t.state === "complete").length;
    assert.equal(h.data[0].x.length, complete);
    assert.equal(h.data[1].x.length, 12 - complete);
    assert.deepEqual(h.data[2].x, study.history().map((p) => p.computeSpent));
    const s = tune.sliceFigure(study);
    assert.equal(s.data.length, 1);
    assert.equal(s.data[0].x.length, complete);
  });
});
