// Samplers: bounds, log scales, steps and choices respected; seeds reproduce; the grid is
// covered; TPE beats random search on a quadratic (fixed seeds, so the result cannot flake).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const lab = createRequire(import.meta.url)("../../../kernel-ext/dist/index.js");
const { tune } = lab;

/** An objective that asks for one parameter of every kind and records what it got. */
function spaceObjective(seen) {
  return (trial) => {
    const p = {
      lr: trial.suggestFloat("lr", 1e-4, 1e-1, { log: true }),
      dropout: trial.suggestFloat("dropout", 0, 0.5),
      wd: trial.suggestFloat("wd", 0, 1, { step: 0.25 }),
      units: trial.suggestInt("units", 8, 512, { log: true }),
      layers: trial.suggestInt("layers", 1, 9, { step: 2 }),
      act: trial.suggestCategorical("act", ["relu", "tanh", "elu"]),
    };
    seen.push(p);
    // A score that depends on every parameter, so TPE has something to model.
    return Math.log10(p.lr) ** 2 + p.dropout + p.wd + Math.abs(Math.log2(p.units) - 6) + p.layers / 10 + (p.act === "tanh" ? 0 : 1);
  };
}

function checkSpace(seen) {
  for (const p of seen) {
    assert.ok(p.lr >= 1e-4 && p.lr <= 1e-1, `lr ${p.lr}`);
    assert.ok(p.dropout >= 0 && p.dropout <= 0.5, `dropout ${p.dropout}`);
    assert.ok([0, 0.25, 0.5, 0.75, 1].includes(p.wd), `wd ${p.wd}`);
    assert.ok(Number.isInteger(p.units) && p.units >= 8 && p.units <= 512, `units ${p.units}`);
    assert.ok([1, 3, 5, 7, 9].includes(p.layers), `layers ${p.layers}`);
    assert.ok(["relu", "tanh", "elu"].includes(p.act), `act ${p.act}`);
  }
}

describe("tune samplers", () => {
  for (const sampler of ["random", "tpe"]) {
    it(`${sampler}: every suggestion stays in bounds, on its step grid, and among the choices`, async () => {
      const seen = [];
      await tune.createStudy({ sampler, seed: 3 }).optimize(spaceObjective(seen), { nTrials: 60 });
      assert.equal(seen.length, 60);
      checkSpace(seen);
    });

    it(`${sampler}: the same seed gives the same trials, another seed other trials`, async () => {
      const runs = [];
      for (const seed of [7, 7, 8]) {
        const seen = [];
        await tune.createStudy({ sampler, seed }).optimize(spaceObjective(seen), { nTrials: 25 });
        runs.push(seen);
      }
      assert.deepEqual(runs[0], runs[1]);
      assert.notDeepEqual(runs[0], runs[2]);
    });
  }

  it("random: a log scale spreads draws evenly over decades, a linear one does not", async () => {
    const logs = [];
    const lins = [];
    await tune.createStudy({ sampler: "random", seed: 1 }).optimize((t) => {
      logs.push(t.suggestFloat("a", 1e-4, 1, { log: true }));
      lins.push(t.suggestFloat("b", 1e-4, 1));
      return 0;
    }, { nTrials: 2000 });
    const belowMilli = (xs) => xs.filter((x) => x < 1e-2).length / xs.length;
    // Log-uniform over 4 decades: half the draws below 1e-2; uniform: about 1 %.
    assert.ok(Math.abs(belowMilli(logs) - 0.5) < 0.05, `log: ${belowMilli(logs)}`);
    assert.ok(belowMilli(lins) < 0.03, `linear: ${belowMilli(lins)}`);
  });

  it("random: every categorical choice and every integer is drawn, roughly equally often", async () => {
    const counts = new Map();
    await tune.createStudy({ sampler: "random", seed: 2 }).optimize((t) => {
      const k = `${t.suggestCategorical("c", ["a", "b", "c"])}${t.suggestInt("i", 0, 2)}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      return 0;
    }, { nTrials: 900 });
    assert.equal(counts.size, 9);
    for (const n of counts.values()) assert.ok(n > 60 && n < 140, `count ${n}`);
  });

  it("grid: every combination is tried exactly once, then the study stops", async () => {
    const sampler = tune.gridSampler({ lr: [0.001, 0.01, 0.1], units: [16, 32], act: ["relu", "tanh"] });
    const study = tune.createStudy({ sampler, seed: 4 });
    const seen = [];
    await study.optimize((t) => {
      seen.push(`${t.suggestFloat("lr", 0.001, 0.1, { log: true })}/${t.suggestInt("units", 16, 32)}/${t.suggestCategorical("act", ["relu", "tanh"])}`);
      return 0;
    });
    assert.equal(seen.length, 12);
    assert.equal(new Set(seen).size, 12);
    assert.equal(sampler.grid.length, 12);
  });

  it("grid: the seed sets the order; shuffle: false walks it in order", async () => {
    const order = async (seed, shuffle) => {
      const seen = [];
      await tune.createStudy({ sampler: tune.gridSampler({ x: [1, 2, 3, 4, 5, 6] }, { shuffle }), seed }).optimize((t) => { seen.push(t.suggestInt("x", 1, 6)); return 0; });
      return seen;
    };
    assert.deepEqual(await order(1, true), await order(1, true));
    assert.notDeepEqual(await order(1, true), await order(2, true));
    assert.deepEqual(await order(1, false), [1, 2, 3, 4, 5, 6]);
  });

  it("grid: a parameter missing from the grid is a TrainlabError", async () => {
    const study = tune.createStudy({ sampler: tune.gridSampler({ x: [1, 2] }) });
    await assert.rejects(study.optimize((t) => t.suggestInt("y", 0, 3)), { name: "TrainlabError", message: /not in the grid/ });
  });

  it("TPE finds lower values than random search on a 2-D quadratic, over 20 fixed seeds", async () => {
    const f = (t) => (t.suggestFloat("x", -10, 10) - 2) ** 2 + (t.suggestFloat("y", -10, 10) + 3) ** 2;
    let tpeWins = 0;
    let tpeSum = 0;
    let randomSum = 0;
    for (let seed = 0; seed < 20; seed++) {
      const a = await tune.createStudy({ sampler: "tpe", seed }).optimize(f, { nTrials: 50 });
      const b = await tune.createStudy({ sampler: "random", seed }).optimize(f, { nTrials: 50 });
      if (a.bestValue < b.bestValue) tpeWins++;
      tpeSum += a.bestValue;
      randomSum += b.bestValue;
    }
    // Sign test: 15 or more wins of 20 has p = 0.021 under "no difference".
    assert.ok(tpeWins >= 15, `TPE won ${tpeWins} of 20`);
    assert.ok(tpeSum < randomSum / 2, `mean best: TPE ${tpeSum / 20}, random ${randomSum / 20}`);
  });

  it("TPE uses its model only after nStartupTrials: before that it draws like random search", async () => {
    const draws = async (sampler) => {
      const seen = [];
      await tune.createStudy({ sampler, seed: 5 }).optimize((t) => { const x = t.suggestFloat("x", 0, 1); seen.push(x); return x; }, { nTrials: 15 });
      return seen;
    };
    const tpe = await draws(tune.tpeSampler({ nStartupTrials: 10 }));
    const rnd = await draws(tune.randomSampler());
    assert.deepEqual(tpe.slice(0, 10), rnd.slice(0, 10));
    assert.notDeepEqual(tpe.slice(10), rnd.slice(10));
    // Minimising x: after start-up, TPE's draws sit low.
    assert.ok(tpe.slice(10).every((x) => x < 0.5), `post-startup draws ${tpe.slice(10)}`);
  });

  it("splitTrials ranks complete trials first by value, then pruned ones by step reached", async () => {
    const study = tune.createStudy({ direction: "maximize", sampler: "random", seed: 0 });
    const plan = [{ v: 0.5 }, { v: 0.9 }, { pruneAt: 3, v: 0.95 }, { pruneAt: 1, v: 0.99 }, { v: 0.7 }];
    for (const p of plan) {
      await study.optimize((t) => {
        if (p.pruneAt) { t.report(p.v, p.pruneAt); t.prune(); }
        return p.v;
      }, { nTrials: 1 });
    }
    const [below, above] = tune.splitTrials(study, study.trials, 3);
    assert.deepEqual(below.map((t) => t.number), [0, 1, 4]);
    assert.deepEqual(above.map((t) => t.number), [2, 3]);
    const [b2] = tune.splitTrials(study, study.trials, 4);
    assert.deepEqual(b2.map((t) => t.number), [0, 1, 2, 4]);
  });

  it("rejects impossible ranges with a TrainlabError saying what to fix", async () => {
    const bad = [
      (t) => t.suggestFloat("x", 1, 0),
      (t) => t.suggestFloat("x", 0, 1, { log: true }),
      (t) => t.suggestInt("x", 0.5, 3),
      (t) => t.suggestCategorical("x", []),
      (t) => { t.suggestInt("x", 0, 3); return t.suggestInt("x", 0, 4); },
    ];
    for (const f of bad) await assert.rejects(tune.createStudy({ seed: 0 }).optimize(f, { nTrials: 1 }), { name: "TrainlabError" });
  });
});
