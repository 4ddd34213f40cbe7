// Learning-rate schedules and reduceLROnPlateau against the rates PyTorch's schedulers give
// (test/fixtures/train/make_schedules.py → test/fixtures/train/schedules.json).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { lab } from "./helpers.mjs";

const { cases } = JSON.parse(readFileSync(new URL("../../fixtures/train/schedules.json", import.meta.url), "utf8"));
const close = (a, e, what) => assert.ok(Math.abs(a - e) <= 1e-6 * Math.max(1, Math.abs(e)), `${what}: ${a} vs torch ${e}`);

describe("train: learning-rate schedules match PyTorch", () => {
  for (const [name, factory] of [["stepDecay", "stepDecay"], ["cosine", "cosine"], ["oneCycle", "oneCycle"], ["oneCycle_pct25", "oneCycle"]]) {
    it(`${name} gives torch's rate at every step`, () => {
      const schedule = lab.train[factory](cases[name].args);
      cases[name].lrs.forEach((lr, step) => close(schedule(step), lr, `${name} step ${step}`));
    });
  }

  it("reduceLROnPlateau reduces when torch's ReduceLROnPlateau does", async () => {
    const { args, metrics, lrs, initial } = cases.reduceLROnPlateau;
    const cb = lab.train.reduceLROnPlateau({ ...args, monitor: "val_loss", mode: "min" });
    let lr = initial;
    const ctx = { getLearningRate: () => lr, setLearningRate: (v) => { lr = v; } };
    cb.onTrainBegin(ctx);
    metrics.forEach((m, epoch) => {
      cb.onEpochEnd(epoch, { val_loss: m }, ctx);
      close(lr, lrs[epoch], `lr after epoch ${epoch}`);
    });
    assert.ok(cb.reductions.length >= 2, "the fixture exercises at least two reductions");
  });

  it("schedules reject nonsense arguments with a TrainlabError", () => {
    assert.throws(() => lab.train.cosine({ max: 0.1, steps: 0 }), { name: "TrainlabError", message: /steps must be a positive number/ });
  });
});
