// withSeed: Math.random is seeded for a run and put back after it — also when async runs overlap.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { withSeed } = require("../../../kernel-ext/dist/train/seed.js");

const tick = (ms) => new Promise((r) => setTimeout(r, ms));

describe("train: withSeed", () => {
  it("a synchronous run repeats exactly and restores Math.random, also when it throws", () => {
    const original = Math.random;
    const a = withSeed(7, () => [Math.random(), Math.random()]);
    const b = withSeed(7, () => [Math.random(), Math.random()]);
    assert.deepEqual(a, b);
    assert.equal(Math.random, original);
    assert.throws(() => withSeed(7, () => { throw new Error("boom"); }), /boom/);
    assert.equal(Math.random, original);
  });

  it("overlapping async runs leave the original Math.random in place, whichever ends first", async () => {
    const original = Math.random;
    // A starts, B starts, A ends, B ends: before the fix B put back A's generator for good.
    const a = withSeed(1, async () => { await tick(10); return Math.random(); });
    const b = withSeed(2, async () => { await tick(30); return Math.random(); });
    await Promise.all([a, b]);
    assert.equal(Math.random, original, "Math.random is still a finished run's seeded generator");
    // B ends before A: A keeps a seeded generator until it ends, then the original is back.
    const c = withSeed(3, async () => { await tick(30); return Math.random === original; });
    const d = withSeed(4, async () => { await tick(5); });
    await d;
    assert.notEqual(Math.random, original, "the run still going keeps a seeded Math.random");
    assert.equal(await c, false);
    assert.equal(Math.random, original);
  });
});
