// Hyperband's bracket count against Optuna's (test/fixtures/tune/make_hyperband_brackets.py): equal,
// except where max/min is an exact power of η and Optuna's float log lands below it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const { tune } = createRequire(import.meta.url)("../../../kernel-ext/dist/index.js");
const fixture = JSON.parse(readFileSync(new URL("../../fixtures/tune/hyperband_brackets.json", import.meta.url), "utf8"));
const count = (c) => tune.hyperbandPruner({ minResource: c.minResource, maxResource: c.maxResource, reductionFactor: c.reductionFactor }).nBrackets;

describe(`hyperbandPruner bracket count (${fixture.generated_by})`, () => {
  it("equals Optuna's on its sample, except on exact powers, where it is ⌊log_η(max/min)⌋ + 1 exactly", () => {
    for (const c of fixture.sample) assert.equal(count(c), c.exact, JSON.stringify(c));
    for (const c of fixture.sample.filter((s) => s.optuna === s.exact)) assert.equal(count(c), c.optuna);
  });
  it("every setting where Optuna differs is an exact power max = min·η^k, one bracket more here — as the comment says", () => {
    assert.ok(fixture.differ.length > 3, "the generator found the known cases");
    for (const c of fixture.differ) {
      const k = c.exact - 1;
      assert.equal(c.minResource * c.reductionFactor ** k, c.maxResource, `${JSON.stringify(c)} is not an exact power`);
      assert.equal(c.exact, c.optuna + 1);
      assert.equal(count(c), c.exact);
    }
    const listed = fixture.differ.map((c) => `(${c.minResource}, ${c.maxResource}, ${c.reductionFactor})`);
    for (const named of ["(1, 243, 3)", "(1, 1000, 10)", "(1, 59049, 3)", "(10, 10000, 10)"]) assert.ok(listed.includes(named), named);
    const source = readFileSync(new URL("../../../kernel-ext/src/tune/pruners/hyperband.ts", import.meta.url), "utf8");
    assert.ok(source.includes(`${fixture.differ.length} of the settings`), "the comment states how many settings differ");
  });
  it("exact powers and their neighbours, over the generator's grid, count ⌊log_η(max/min)⌋ + 1", () => {
    for (const lo of fixture.grid.minResource) {
      for (const eta of fixture.grid.reductionFactor) {
        for (let k = 0; lo * eta ** k <= fixture.grid.maxResourceUpTo; k++) {
          const p = lo * eta ** k;
          assert.equal(count({ minResource: lo, maxResource: p, reductionFactor: eta }), k + 1, `(${lo}, ${p}, ${eta})`);
          if (p + 1 < p * eta) assert.equal(count({ minResource: lo, maxResource: p + 1, reductionFactor: eta }), k + 1);
          if (k > 0) assert.equal(count({ minResource: lo, maxResource: p - 1, reductionFactor: eta }), k);
        }
      }
    }
  });
});
