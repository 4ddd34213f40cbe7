// Issue 14: the model exercises (a learner trains, diagnoses or repairs a real model; hidden tests
// call the function again on data its code never saw) really grade through the sandbox. The
// instructor build of chapter 5 (solutions in) gets every point of 5.5 and 5.6, hidden tests
// included; the student build (unsolved) gets none of them; and a student build whose 5.6 trains a
// model on every column (the naive attempt: accurate, but it reads the shortcut) fails 5.6.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const instructor = require("../../../instructor/dist/index.js");
const { lessonsDir } = require("../../../kernel-ext/dist/grading/exercises.js");

const MODEL_EXERCISES = ["5.5", "5.6"];
// Exercise 5.6 answered by a logistic regression trained on every column, shortcut included.
const NAIVE_5_6 = `async function robustPredict(Xtrain: number[][], ytrain: number[], Xnew: number[][], ynew: number[], Xtest: number[][]): Promise<number[]> {
  const model = lab.train.withSeed(1, () => tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [Xtrain[0].length], activation: "sigmoid" })] }));
  model.compile({ optimizer: tf.train.adam(0.03), loss: "binaryCrossentropy" });
  await lab.train.fit(model, [...Xtrain, ...Xnew], [...ytrain, ...ynew].map((v) => [v]), { epochs: 40, batchSize: 64, seed: 1, display: "none" });
  return tf.tidy(() => Array.from((model.predict(tf.tensor2d(Xtest)) as any).dataSync() as Float32Array));
}`;

describe("grading the model exercises of chapter 5 through the sandbox", function () {
  this.timeout(600_000);
  let dir, results;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-grade-model-"));
    const chapter = instructor.lessons.listChapters(lessonsDir()).find((c) => c.slug === "05-interpretability");
    fs.mkdirSync(path.join(dir, "subs"));
    fs.writeFileSync(path.join(dir, "subs", "solved.ipynb"), instructor.lessons.buildChapter(chapter, "instructor"));
    const student = instructor.lessons.buildChapter(chapter, "student");
    fs.writeFileSync(path.join(dir, "subs", "unsolved.ipynb"), student);
    const naive = JSON.parse(student);
    const cell = naive.cells.find((c) => [].concat(c.source).join("").includes("async function robustPredict("));
    cell.source = NAIVE_5_6;
    fs.writeFileSync(path.join(dir, "subs", "naive.ipynb"), JSON.stringify(naive));
    // The reference solutions take 1–6 s a call on a loaded 2-core machine: 60 s leaves room.
    const run = await instructor.grading.gradeAll(path.join(dir, "subs"), { chapter: "5", jobs: 2, timeout: 60, out: path.join(dir, "out") });
    results = Object.fromEntries(run.results.map((r) => [r.student, r]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rowsOf = (student) => results[student].rows.filter((x) => MODEL_EXERCISES.includes(x.exercise));

  it("the reference solutions pass every visible and hidden test of 5.5 and 5.6", () => {
    assert.deepEqual(results.solved.cellErrors, []);
    const rows = rowsOf("solved");
    assert.ok(rows.filter((x) => x.hidden).length >= 5, `expected the hidden tests on unseen seeds, got ${JSON.stringify(rows)}`);
    assert.deepEqual(rows.map((x) => [x.exercise, x.test, x.status]), rows.map((x) => [x.exercise, x.test, "passed"]));
  });

  it("a model trained on every column fails every test of 5.6: the shortcut still moves its predictions", () => {
    const rows = results.naive.rows.filter((x) => x.exercise === "5.6");
    assert.ok(rows.length >= 4);
    assert.deepEqual(rows.map((x) => x.status), rows.map(() => "failed"));
    const visible = rows.find((x) => !x.hidden);
    assert.match(visible.message ?? "", /flipping the shortcut column moves the probabilities/);
  });

  it("the unsolved notebook scores nothing on them", () => {
    const rows = rowsOf("unsolved");
    assert.ok(rows.length >= 7);
    assert.deepEqual(rows.map((x) => x.status), rows.map(() => "not implemented"));
    assert.equal(rows.reduce((s, x) => s + x.points, 0), 0);
  });
});
