import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const fixture = JSON.parse(readFileSync(new URL("../../fixtures/deploy/drift.json", import.meta.url), "utf8"));

const close = (actual, expected, rel, what) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300) + 1e-15, `${what}: got ${actual}, expected ${expected}`);

describe("deploy.ksTwoSample matches scipy.stats.ks_2samp", () => {
  for (const c of fixture.ks) {
    it(`${c.name} (method=${c.method}, n=${c.a.length}/${c.b.length})`, () => {
      const res = lab.deploy.ksTwoSample(c.a, c.b, { method: c.method });
      close(res.statistic, c.statistic, 1e-12, "statistic");
      close(res.pValue, c.pvalue, 1e-7, "p-value");
    });
  }
  it("falls back from auto to asymp above 10,000 values, as scipy does", () => {
    const c = fixture.ks.find((k) => k.name === "auto switches to asymp");
    assert.equal(lab.deploy.ksTwoSample(c.a, c.b).method, "asymp");
  });
  it("rejects empty samples and missing values (NaN) with a TrainlabError", () => {
    assert.throws(() => lab.deploy.ksTwoSample([], [1]), /empty/);
    assert.throws(() => lab.deploy.ksTwoSample([1, NaN], [1]), /missing value \(NaN\) at index 1/);
  });
});

// JSON has no Infinity: the fixture writes the strings "Infinity" / "-Infinity".
const num = (v) => (v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v);

describe(`deploy.ksTwoSample on edge cases (${fixture.generated_by.split(";")[0]})`, () => {
  for (const c of fixture.ksEdges) {
    it(`${c.name} (method=${c.method})`, () => {
      const res = lab.deploy.ksTwoSample(c.a.map(num), c.b.map(num), { method: c.method });
      close(res.statistic, c.statistic, 1e-12, "statistic");
      close(res.pValue, c.pvalue, 1e-7, "p-value");
    });
  }
});

describe("deploy.smirnovSf and kolmogorovSf match scipy.stats.ksone.sf and kstwo.sf", () => {
  it("issue 12's row: smirnovSf(1, 0.3) = 0.7 (P(D1+ >= d) = 1 - d)", () => {
    close(lab.deploy.smirnovSf(1, 0.3), 0.7, 1e-15, "ksone.sf(0.3, 1)");
  });
  for (const n of [...new Set(fixture.tails.map((t) => t.n))]) {
    it(`n = ${n}, d from 1e-4 to 1`, () => {
      for (const t of fixture.tails.filter((x) => x.n === n)) {
        close(lab.deploy.smirnovSf(t.n, t.d), t.ksoneSf, 1e-9, `ksone.sf(${t.d}, ${t.n})`);
        close(lab.deploy.kolmogorovSf(t.n, t.d), t.kstwoSf, 1e-9, `kstwo.sf(${t.d}, ${t.n})`);
      }
    });
  }
});

describe("deploy.psi matches Evidently's PSI", () => {
  for (const c of fixture.psi) {
    it(`${c.name}`, () => {
      const res = lab.deploy.psi(c.reference, c.current, { bins: c.bins });
      close(res.psi, c.psi, 1e-9, "psi");
      if (!res.categorical) {
        assert.equal(res.referenceShares.length, c.referenceShares.length, "number of bins");
        res.referenceShares.forEach((s, i) => close(s, c.referenceShares[i], 1e-12, `reference share ${i}`));
        res.currentShares.forEach((s, i) => close(s, c.currentShares[i], 1e-12, `current share ${i}`));
      } else {
        assert.deepEqual([...res.referenceShares].sort(), [...c.referenceShares].sort());
      }
    });
  }
  it("is zero for identical samples and grows with the shift", () => {
    const ref = Array.from({ length: 500 }, (_, i) => Math.sin(i) * 3);
    assert.ok(Math.abs(lab.deploy.psi(ref, ref).psi) < 1e-12);
    const small = lab.deploy.psi(ref, ref.map((v) => v + 0.3)).psi;
    const big = lab.deploy.psi(ref, ref.map((v) => v + 1.5)).psi;
    assert.ok(big > small && small > 0, `${small} < ${big}`);
  });
});

describe("deploy.driftReport", () => {
  it("flags the shifted feature only, with the same numbers as psi() and ksTwoSample()", () => {
    const ref = Array.from({ length: 400 }, (_, i) => Math.sin(i * 1.7) + Math.cos(i * 0.31));
    const cur = ref.slice(0, 150).map((v) => v + 0.6);
    const report = lab.deploy.driftReport({ shifted: ref, stable: ref }, { shifted: cur, stable: ref.slice(100, 300) });
    assert.deepEqual(report.drifted, ["shifted"]);
    const row = report.features.find((f) => f.feature === "shifted");
    assert.equal(row.psi, lab.deploy.psi(ref, cur).psi);
    assert.equal(row.ksPValue, lab.deploy.ksTwoSample(ref, cur).pValue);
    assert.equal(row.currentSize, 150);
  });
  it("refuses samples with no feature in common", () => {
    assert.throws(() => lab.deploy.driftReport({ a: [1] }, { b: [1] }), /share no feature names/);
  });
});
