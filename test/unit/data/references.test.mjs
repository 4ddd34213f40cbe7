// Data-quality functions against the references they name, on edge cases. Fixtures come from
// test/fixtures/data/make_data_fixtures.py (scikit-learn 1.2, pandas 1.5, NumPy 1.24, SciPy 1.10 from
// Debian; cleanlab's definitions ported there); each fixture records what generated it.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as fs from "node:fs";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const { data, TrainlabError } = lab;
const fixture = (name) => JSON.parse(fs.readFileSync(new URL(`../../fixtures/data/${name}`, import.meta.url), "utf8"));
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} != ${b}`);

describe("data.linearRegression on badly scaled and collinear input", () => {
  const ref = fixture("regression_edges.json");
  for (const c of ref.cases) {
    it(`${c.name}: equals ${ref.generated_by.split(",")[0]}`, () => {
      const m = data.linearRegression({ l2: c.l2 }).fit(c.X, c.y);
      c.coef.forEach((b, j) => close(m.coefficients[j], b, 1e-8, `coefficient ${j}`));
      // The intercept is a difference of large numbers when the offset is huge: compare it at the scale of ȳ − β·x̄'s terms.
      const xMean = c.X[0].map((_, j) => c.X.reduce((s, r) => s + r[j], 0) / c.X.length);
      const scale = Math.max(1, ...c.coef.map((b, j) => Math.abs(b * xMean[j])));
      assert.ok(Math.abs(m.intercept - c.intercept) <= 1e-9 * scale, `intercept: ${m.intercept} != ${c.intercept}`);
    });
  }
  it("issue 12's rows: slope 1.99 on 1e6 + x, slope 1e7 on 1e-7·x (no 'linearly dependent' error)", () => {
    const off = data.linearRegression().fit([0, 1, 2, 3, 4].map((v) => [1e6 + v]), [1.1, 2.9, 5.2, 6.8, 9.1]);
    close(off.coefficients[0], 1.99, 1e-10, "slope");
    const tiny = data.linearRegression().fit([0, 1, 2, 3].map((v) => [v * 1e-7]), [0, 1, 2, 3]);
    close(tiny.coefficients[0], 1e7, 1e-10, "slope");
  });
  it("refuses truly collinear input, naming the columns, and a constant column", () => {
    const X = [[1, 2, 5], [2, 4, 3], [3, 6, 8], [4, 8, 1]];
    assert.throws(() => data.linearRegression().fit(X, [1, 2, 3, 5]), (e) => e instanceof TrainlabError && /column 1 is a combination of columns 0, 2/.test(e.message));
    const sum = X.map((r) => [r[0], r[2], r[0] + r[2]]);
    assert.throws(() => data.linearRegression().fit(sum, [1, 2, 3, 5]), /linearly dependent: column [012] is a combination of columns [012], [012] /);
    assert.throws(() => data.linearRegression().fit(X.map((r) => [r[0], 0.1]), [1, 2, 3, 5]), /column 1 is constant/);
    assert.throws(() => data.linearRegression().fit([[1], [NaN]], [1, 2]), /X\[1\]\[0\] is NaN/);
    assert.throws(() => data.linearRegression().fit([[1], [2]], [1, Infinity]), /y\[1\] is Infinity/);
  });
});

describe("data.findLabelIssues on edge cases agrees with cleanlab", () => {
  const ref = fixture("label_issues_edges.json");
  for (const c of ref.cases) {
    it(`${c.name} (${ref.generated_by.split(" find_label_issues")[0]})`, () => {
      const res = data.findLabelIssues(c.labels, c.predProbs, { minExamplesPerClass: c.minExamplesPerClass });
      assert.deepEqual(res.indices, c.issues);
      assert.deepEqual(res.confidentJoint, c.confidentJoint);
      res.thresholds.forEach((t, k) => close(t, c.thresholds[k], 1e-12, `threshold ${k}`));
    });
  }
  it("issue 12's row: with tied margins, only as many examples as the confident joint counts", () => {
    const res = data.findLabelIssues([0, 0, 1, 1], [[0.25, 0.75], [0.25, 0.75], [0.6, 0.4], [0.83, 0.17]]);
    assert.deepEqual([...res.indices].sort(), [0, 3]);
  });
  it("refuses a single class and non-finite probabilities", () => {
    assert.throws(() => data.findLabelIssues([1, 1], [[0.2, 0.8], [0.6, 0.4]]), /at least 2 classes/);
    assert.throws(() => data.findLabelIssues([0, 1], [[NaN, 1], [0.6, 0.4]]), /finite probabilities/);
  });
});

// JSON has no NaN or ±Infinity: the fixtures write them as strings.
const num = (v) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v);

describe("data.findDuplicates agrees with pandas' duplicated(keep='first')", () => {
  const aq = require("arquero");
  const ref = fixture("duplicates_edges.json");
  for (const c of ref.cases) {
    it(`${c.name} (${ref.generated_by.split(" ")[0]} ${ref.generated_by.split(" ")[1]})`, () => {
      const t = aq.table(Object.fromEntries(Object.entries(c.columns).map(([k, v]) => [k, v.map(num)])));
      assert.deepEqual(data.findDuplicates(t, c.subset ? { columns: c.subset } : {}), c.duplicates);
    });
  }
  it("issue 12's row: Infinity, -Infinity, NaN, null → only the null row repeats (the NaN one)", () => {
    assert.deepEqual(data.findDuplicates(aq.table({ x: [Infinity, -Infinity, NaN, null] })), [3]);
  });
  it("a boolean never matches a number (where pandas' object columns have True == 1)", () => {
    assert.deepEqual(data.findDuplicates(aq.table({ x: [true, 1, "true", true] })), [3]);
  });
});

describe("data.quantile, fitImputer, iqrOutliers and zScoreOutliers against NumPy / scikit-learn / SciPy", () => {
  const aq = require("arquero");
  const ref = fixture("stats_edges.json");
  const sameNumber = (a, b, what) =>
    Number.isNaN(b) ? assert.ok(Number.isNaN(a), `${what}: ${a} is not NaN`) : a === b || close(a, b, 1e-12, what);
  for (const c of ref.quantiles) {
    it(`quantile: ${c.name} (${ref.generated_by.split(" quantile")[0]})`, () => {
      const values = c.values.map(num);
      c.q.forEach((q, i) => {
        const numpy = num(c.numpy[i]);
        const got = data.quantile(values, q);
        // NumPy gives NaN where it multiplies an infinite gap by 0; Trainlab returns the limit there (see its doc comment).
        if (Number.isNaN(numpy) && !values.some(Number.isNaN)) assert.equal(got, q < 0.5 ? -Infinity : Infinity, `q=${q}`);
        else sameNumber(got, numpy, `q=${q}`);
      });
    });
  }
  it("quantile: issue 12's row, [1, NaN, 3, 2] → NaN at q = 0 and 1, as NumPy; q outside [0, 1] is an error", () => {
    assert.ok(Number.isNaN(data.quantile([1, NaN, 3, 2], 0)));
    assert.ok(Number.isNaN(data.quantile([1, NaN, 3, 2], 1)));
    assert.throws(() => data.quantile([1, 2], 1.5), /q must be between 0 and 1/);
  });
  for (const c of ref.imputers) {
    it(`fitImputer: ${c.name} (SimpleImputer)`, () => {
      const t = aq.table({ x: c.values.map(num) });
      for (const strategy of ["mean", "median", "most_frequent"]) close(data.fitImputer(t, { strategy }).statistics.x, c[strategy], 1e-12, strategy);
    });
  }
  it("fitImputer refuses ±Infinity, as SimpleImputer does", () => {
    assert.equal(ref.imputerRejectsInfinity, true);
    assert.throws(() => data.fitImputer(aq.table({ x: [1, Infinity, null] })), /holds Infinity/);
  });
  for (const c of ref.outliers) {
    it(`iqrOutliers / zScoreOutliers: ${c.name}`, () => {
      const values = c.values.map(num);
      const flagged = (mask) => mask.flatMap((m, i) => (m ? [i] : []));
      assert.deepEqual(flagged(data.iqrOutliers(values)), c.iqr);
      assert.deepEqual(flagged(data.zScoreOutliers(values)), c.z3);
    });
  }
});

describe("data.logisticRegression on badly scaled, constant and collinear features", () => {
  const ref = fixture("logistic_edges.json");
  for (const c of ref.cases) {
    it(`${c.name}: probabilities within 5e-5 of ${ref.generated_by.split(" on ")[0]}`, () => {
      const model = data.logisticRegression({ epochs: 500, l2: c.l2 }).fit(c.X, c.y);
      model.predictProba(c.X).forEach((row, i) => row.forEach((p, k) => assert.ok(Math.abs(p - c.proba[i][k]) <= 5e-5, `row ${i} class ${k}: ${p} vs ${c.proba[i][k]}`)));
    });
  }
  it("refuses missing or infinite features and labels that are not class indexes", () => {
    assert.throws(() => data.logisticRegression().fit([[1], [NaN]], [0, 1]), /X\[1\]\[0\] is NaN/);
    assert.throws(() => data.logisticRegression().fit([[1], [-Infinity]], [0, 1]), /X\[1\]\[0\] is -Infinity/);
    assert.throws(() => data.logisticRegression({ classes: 2 }).fit([[1], [2]], [0, 2]), /label 1 is 2/);
    assert.throws(() => data.logisticRegression().fit([[1], [2]], [0, 0.5]), /label 1 is 0.5/);
  });
});

describe("data.profile on edge-case columns agrees with pandas", () => {
  const aq = require("arquero");
  const ref = fixture("profile_edges.json");
  const t = aq.table(Object.fromEntries(Object.entries(ref.columns).map(([k, c]) => [k, c.values.map(num)])));
  const p = data.profile(t);
  for (const [name, c] of Object.entries(ref.columns)) {
    it(`${name} (${ref.generated_by.split(" (")[0]})`, () => {
      const col = p.columns.find((x) => x.name === name);
      for (const key of ["missing", "distinct", "zeros", "outliers"]) assert.equal(col[key], c[key], key);
      for (const key of ["min", "max", "mean", "std"]) {
        const want = num(c[key]);
        if (Number.isNaN(want) || !Number.isFinite(want)) assert.ok(Object.is(col[key], want), `${key}: ${col[key]} vs ${want}`);
        else assert.ok(Math.abs(col[key] - want) <= 1e-10 * Math.abs(want), `${key}: ${col[key]} vs ${want} (relative 1e-10)`);
      }
    });
  }
});

describe("data.knn and data.nearestCentroid on edge cases agree with scikit-learn", () => {
  const ref = fixture("knn_edges.json");
  for (const c of ref.cases) {
    it(`${c.name} (${ref.generated_by.split(";")[0]})`, async () => {
      const model = await data.knn({ k: c.k }).fit(c.X, c.y);
      assert.deepEqual(await model.predict(c.queries), c.knnPredict);
      (await model.predictProba(c.queries)).forEach((row, i) => row.forEach((p, k) => close(p, c.knnProba[i][k], 1e-12, `proba ${i},${k}`)));
      assert.deepEqual(await (await data.nearestCentroid().fit(c.X, c.y)).predict(c.queries), c.centroidPredict);
    });
  }
});
