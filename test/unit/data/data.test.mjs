import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as fs from "node:fs";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const { data, datasets, TrainlabError } = lab;
const fixture = (name) => JSON.parse(fs.readFileSync(new URL(`../../fixtures/data/${name}`, import.meta.url), "utf8"));
const close = (a, b, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} != ${b}`);

describe("data.profile", () => {
  const ref = fixture("profile.json");
  for (const name of ["titanic", "penguins"]) {
    it(`matches pandas on ${name}`, () => {
      const p = data.profile(datasets.load(name));
      const r = ref[name];
      assert.equal(p.rows, r.rows);
      assert.equal(p.duplicateRows, r.duplicateRows);
      assert.equal(p.missingCells, r.missingCells);
      for (const c of p.columns) {
        const e = r.columns[c.name];
        assert.equal(c.missing, e.missing, c.name);
        assert.equal(c.distinct, e.distinct, c.name);
        if (e.mean !== undefined) {
          assert.equal(c.type, "numeric");
          for (const k of ["min", "max", "mean", "std"]) close(c[k], e[k]);
          assert.equal(c.outliers, e.outliers, c.name);
        } else {
          assert.equal(c.type, "categorical");
          if (e.distinct < c.count) assert.equal(c.top, e.top, c.name);
        }
      }
      assert.match(p.toHTML(), /<table>/);
    });
  }
});

describe("data.findDuplicates / findNearDuplicates", () => {
  it("finds exact repeats after the first occurrence, like pandas duplicated()", () => {
    const aq = require("arquero");
    const t = aq.table({ a: [1, 2, 1, 3, 1, null, null], b: ["x", "y", "x", "z", "w", null, null] });
    assert.deepEqual(data.findDuplicates(t), [2, 6]);
    assert.deepEqual(data.findDuplicates(t, { columns: ["a"] }), [2, 4, 6]);
  });
  it("finds a near copy and not distinct rows", () => {
    const X = [[0, 0], [10, 10], [0.001, 0], [5, 5]];
    const pairs = data.findNearDuplicates(X, { threshold: 0.01 });
    assert.deepEqual(pairs.map((p) => [p.i, p.j]), [[0, 2]]);
  });
});

describe("data.fitImputer", () => {
  const ref = fixture("imputer.json");
  const table = datasets.load("penguins");
  const train = table.slice(0, ref.trainRows);
  for (const strategy of ["mean", "median", "most_frequent"]) {
    it(`learns sklearn SimpleImputer(${strategy}) statistics from the training rows only`, () => {
      const cols = Object.keys(ref[strategy]);
      const imp = data.fitImputer(train, { strategy, columns: cols });
      for (const c of cols) close(imp.statistics[c], ref[strategy][c]);
    });
  }
  it("imputes strings with the most frequent value and fills other splits with train statistics", () => {
    const imp = data.fitImputer(train, { strategy: "most_frequent", columns: ["sex", "island"] });
    assert.deepEqual(imp.statistics, ref.most_frequent_strings);
    const test = table.slice(ref.trainRows);
    const filled = imp.transform(test);
    assert.equal(Array.from(filled.array("sex")).filter((v) => v === null).length, 0);
    const before = Array.from(test.array("sex"));
    const after = Array.from(filled.array("sex"));
    before.forEach((v, i) => assert.equal(after[i], v === null ? ref.most_frequent_strings.sex : v));
  });
  it("refuses a non-numeric column for mean", () => {
    assert.throws(() => data.fitImputer(train, { strategy: "mean", columns: ["sex"] }), TrainlabError);
  });
});

describe("data outliers", () => {
  const ref = fixture("outliers.json");
  const wage = Array.from(datasets.load("cps-wages-1985").array("wage"));
  const flagged = (mask) => mask.flatMap((m, i) => (m ? [i] : []));
  it("IQR flags match numpy percentiles", () => assert.deepEqual(flagged(data.iqrOutliers(wage)), ref.iqr));
  it("z-score flags match scipy.stats.zscore", () => {
    assert.deepEqual(flagged(data.zScoreOutliers(wage)), ref.z3);
    assert.deepEqual(flagged(data.zScoreOutliers(wage, { threshold: 2 })), ref.z2);
  });
  it("never flags missing values", () => assert.deepEqual(data.iqrOutliers([1, 2, null, 3, 100]), [false, false, false, false, true]));
});

describe("data.split", () => {
  const y = datasets.toXY(datasets.load("wine"), { target: "cultivar" }).y;
  it("partitions all rows, is reproducible per seed, and differs across seeds", () => {
    const s = data.split(y.length, { seed: 3 });
    const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
    assert.deepEqual(all, y.map((_, i) => i));
    assert.deepEqual(data.split(y.length, { seed: 3 }), s);
    assert.notDeepEqual(data.split(y.length, { seed: 4 }).test, s.test);
  });
  it("keeps class shares when stratified", () => {
    const s = data.split(y.length, { stratify: y, seed: 1, sizes: [0.5, 0.25, 0.25] });
    for (const c of [0, 1, 2]) {
      const total = y.filter((v) => v === c).length;
      const inTest = s.test.filter((i) => y[i] === c).length;
      assert.ok(Math.abs(inTest - total * 0.25) <= 1, `class ${c}: ${inTest} of ${total}`);
    }
  });
  it("rejects sizes that do not sum to 1", () => assert.throws(() => data.split(10, { sizes: [0.5, 0.5, 0.5] }), TrainlabError));
});

describe("data leakage", () => {
  it("finds rows shared between splits", () => {
    const a = [[1, 2], [3, 4], [5, 6]];
    const b = [[3, 4], [7, 8], [1, 2], [3, 4]];
    const o = data.findOverlap(a, b);
    assert.deepEqual(o.rows, [0, 2, 3]);
    assert.deepEqual(o.pairs, [[1, 0], [0, 2], [1, 3]]);
  });
  it("flags a feature that is a copy of the label, not an honest one", () => {
    const aq = require("arquero");
    const t = datasets.load("titanic");
    const leaky = t.assign(aq.table({ body_recovered: Array.from(t.array("survived"), (s) => (s === "yes" ? "no" : "yes")) }));
    const scores = data.targetLeakage(leaky, { target: "survived" });
    assert.equal(scores[0].feature, "body_recovered");
    assert.equal(scores[0].score, 1);
    assert.ok(scores[0].suspicious);
    const sex = scores.find((s) => s.feature === "sex");
    assert.ok(!sex.suspicious && sex.score > sex.baseline, JSON.stringify(sex));
  });
});

describe("data.findLabelIssues (cleanlab prune_by_noise_rate)", () => {
  for (const name of ["label_issues_small.json", "label_issues.json"]) {
    it(`matches the numpy re-implementation of cleanlab on ${name}`, () => {
      const ref = fixture(name);
      const r = data.findLabelIssues(ref.labels, ref.predProbs);
      r.thresholds.forEach((t, k) => close(t, ref.thresholds[k], 1e-12));
      assert.deepEqual(r.confidentJoint, ref.confidentJoint);
      assert.deepEqual(r.indices, ref.issues);
      assert.equal(r.mask.filter(Boolean).length, ref.issues.length);
    });
  }
  it("finds most of the labels flipped on purpose in digits", () => {
    const ref = fixture("label_issues.json");
    const found = new Set(data.findLabelIssues(ref.labels, ref.predProbs).indices);
    const hits = ref.flipped.filter((i) => found.has(i)).length;
    assert.ok(hits / ref.flipped.length > 0.7, `recall ${hits / ref.flipped.length}`);
  });
  it("explains a label outside the probability columns", () => {
    assert.throws(() => data.findLabelIssues([0, 3], [[0.5, 0.5], [0.5, 0.5]]), TrainlabError);
  });
});

describe("data.learningCurve", () => {
  it("gives sklearn learning_curve's sizes and scores for NearestCentroid on wine", async () => {
    const ref = fixture("learning_curve.json");
    const lc = await data.learningCurve(data.nearestCentroid(), ref.X, ref.y, { trainSizes: ref.trainSizesFractions, cv: 5 });
    assert.deepEqual(lc.trainSizes, ref.trainSizes);
    lc.testScores.forEach((row, s) => row.forEach((v, f) => close(v, ref.testScores[s][f], 1e-12)));
    lc.trainScores.forEach((row, s) => row.forEach((v, f) => close(v, ref.trainScores[s][f], 1e-12)));
    assert.equal(lc.traces().length, 2);
  });
});

describe("data estimators", () => {
  it("logistic regression learns iris, reproducibly", async () => {
    const { X, y } = datasets.toXY(datasets.load("iris"), { target: "species" });
    const model = await data.logisticRegression({ epochs: 100 }).fit(X, y);
    const acc = data.accuracy(y, await model.predict(X));
    const p = await model.predictProba(X.slice(0, 3));
    const again = await (await data.logisticRegression({ epochs: 100 }).fit(X, y)).predictProba(X.slice(0, 3));
    assert.deepEqual(again, p);
    assert.ok(acc > 0.9, `accuracy ${acc}`);
    p.forEach((row) => close(row.reduce((a, b) => a + b, 0), 1, 1e-5));
  });
  it("out-of-fold probabilities come from models that did not see the row", async () => {
    const folds = [{ train: [0, 2], test: [1, 3] }, { train: [1, 3], test: [0, 2] }];
    const probs = await data.crossValPredictProba(data.knn({ k: 1 }), [[0], [1], [2], [3]], [0, 0, 1, 1], { cv: folds });
    // Row 2 (label 1) seen by its own model would get [0, 1]; its out-of-fold neighbour is row 1.
    assert.deepEqual(probs, [[1, 0], [1, 0], [1, 0], [0, 1]]);
  });
});

describe("data table helpers", () => {
  const aq = require("arquero");
  it("takeRows, withColumn and fromRows build the expected tables", () => {
    const t = aq.table({ a: [1, 2, 3], b: ["x", "y", "z"] });
    assert.deepEqual(data.takeRows(t, [2, 0]).objects(), [{ a: 3, b: "z" }, { a: 1, b: "x" }]);
    assert.deepEqual(data.withColumn(t, "c", [true, false, true]).columnNames(), ["a", "b", "c"]);
    assert.deepEqual(Array.from(data.withColumn(t, "a", [9, 8, 7]).array("a")), [9, 8, 7]);
    assert.throws(() => data.withColumn(t, "c", [1]), TrainlabError);
    assert.throws(() => data.takeRows(t, [3]), TrainlabError);
    assert.deepEqual(data.fromRows([[1, "u"], [2, "v"]]).objects(), [{ x0: 1, x1: "u" }, { x0: 2, x1: "v" }]);
  });
  it("toXY one-hot encodes string features in sorted order", () => {
    const t = aq.table({ color: ["red", "blue", "red"], size: [1, 2, 3], label: ["b", "a", "b"] });
    const xy = datasets.toXY(t, { target: "label", oneHot: true });
    assert.deepEqual(xy.featureNames, ["color=blue", "color=red", "size"]);
    assert.deepEqual(xy.X, [[0, 1, 1], [1, 0, 2], [0, 1, 3]]);
    assert.deepEqual(xy.y, [1, 0, 1]);
    assert.throws(() => datasets.toXY(t, { target: "label" }), TrainlabError);
  });
});

describe("data.linearRegression", () => {
  const ref = fixture("linear_regression.json");
  it("equals sklearn LinearRegression and Ridge(alpha=10) on CPS wages", () => {
    const ols = data.linearRegression().fit(ref.X, ref.y);
    close(ols.intercept, ref.ols.intercept, 1e-8);
    ols.coefficients.forEach((c, j) => close(c, ref.ols.coef[j], 1e-8));
    const ridge = data.linearRegression({ l2: 10 }).fit(ref.X, ref.y);
    close(ridge.intercept, ref.ridge10.intercept, 1e-8);
    ridge.coefficients.forEach((c, j) => close(c, ref.ridge10.coef[j], 1e-8));
    close(ols.predict([[12, 10]])[0], ref.ols.intercept + 12 * ref.ols.coef[0] + 10 * ref.ols.coef[1], 1e-8);
  });
  it("explains linearly dependent features", () => {
    assert.throws(() => data.linearRegression().fit([[1, 2], [2, 4], [3, 6]], [1, 2, 3]), TrainlabError);
  });
});
