// check(): visible tests run against what the learner defined; never throws, a stub never passes.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
// The exercise runner's internals (not in lab.grading, the learner's public API).
const grading = require("../../../kernel-ext/dist/grading/index.js");
const tslabJupyter = require("tslab/dist/jupyter");
const { runTests, findExercise } = grading;

function checkReport(id, value) {
  const sent = [];
  tslabJupyter.lastWriteDisplayData = (content) => sent.push(content);
  try {
    const r = lab.check(id, value);
    assert.equal(r, undefined);
  } finally {
    tslabJupyter.lastWriteDisplayData = null;
  }
  assert.equal(sent.length, 1);
  return sent[0].data;
}

const mse = (a, b) => {
  if (a.length !== b.length) throw new Error("lengths differ");
  return a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length;
};

describe("check", () => {
  it("passes a correct solution", () => {
    const data = checkReport("0.1", mse);
    const summary = data["application/vnd.trainlab.check+json"];
    assert.equal(summary.passed, 3);
    assert.equal(summary.total, 3);
    assert.match(data["text/plain"], /all 3 tests passed/);
  });

  it("reports a wrong solution test by test, with hints, without throwing", () => {
    const data = checkReport("0.1", (a, b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / 2);
    const summary = data["application/vnd.trainlab.check+json"];
    assert.equal(summary.passed, 1);
    assert.match(data["text/plain"], /Incorrect — 1 of 3 tests passed/);
    assert.match(data["text/plain"], /Hint: Compare yTrue.length/);
    assert.match(data["text/html"], /✗/);
  });

  it("never passes the student stub, not even a test that expects a throw", () => {
    const stub = () => {
      throw new Error("Not implemented yet: exercise 0.1 — replace this line with your code");
    };
    const data = checkReport("0.1", stub);
    assert.equal(data["application/vnd.trainlab.check+json"].passed, 0);
    assert.equal(data["application/vnd.trainlab.check+json"].outcome, "not-attempted");
    assert.match(data["text/plain"], /Not attempted yet: write your code/);
  });

  it("says what it expected when given something that is not a function", () => {
    const data = checkReport("0.1", 42);
    assert.equal(data["application/vnd.trainlab.check+json"].passed, 0);
    assert.match(data["text/plain"], /expects the function meanSquaredError; it got 42/);
  });

  it("explains an unknown exercise id instead of throwing", () => {
    assert.match(checkReport("0.9", mse)["text/plain"], /Exercise "0\.9" is not defined/);
    assert.match(checkReport("zero", mse)["text/plain"], /"zero" is not an exercise id/);
  });

  it("gives each test its own copy of the arguments", () => {
    const mutating = (a, b) => {
      a.push(1e9);
      return mse(a.slice(0, b.length), b);
    };
    const results = runTests(findExercise("0.1"), mutating);
    assert.equal(results[1].passed, true);
  });

  it("awaits an async solution", async () => {
    const results = await runTests(findExercise("0.1"), async (a, b) => mse(a, b));
    assert.deepEqual(results.map((r) => r.passed), [true, true, true]);
  });

  it("merges hidden tests for grading, marked hidden", () => {
    const dir = grading.chapterDir("0.1");
    const [exercise] = grading.loadExercises(dir, { hidden: true });
    assert.equal(exercise.tests.length, 6);
    assert.deepEqual(exercise.tests.map((t) => t.hidden), [false, false, false, true, true, true]);
    const results = runTests(exercise, mse);
    assert.equal(results.reduce((s, r) => s + r.points, 0), 7);
  });
});

describe("numeric assertions for exercise tests", () => {
  it("assertClose is absolute, assertNear scales with the expected value, assertAllClose checks every value", () => {
    lab.assertClose(0.1 + 0.2, 0.3);
    assert.throws(() => lab.assertClose(1000.001, 1000, 1e-6), /expected 1000, got 1000.001/);
    lab.assertNear(1000.0000001, 1000, 1e-9);
    assert.throws(() => lab.assertNear(1.01, 1, 1e-3), /expected 1, got 1.01/);
    assert.throws(() => lab.assertClose("1", 1), /expected 1, got "1"/);
    lab.assertAllClose([1, 2], [1, 2 + 1e-12]);
    assert.throws(() => lab.assertAllClose([1, 2.5], [1, 2]), /\[1\]: expected 2, got 2.5/);
    assert.throws(() => lab.assertAllClose([1], [1, 2]), /expected an array of 2, got an array of 1/);
  });
});
