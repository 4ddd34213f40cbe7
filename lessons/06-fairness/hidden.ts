import { assertClose as close } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";

/**
 * The IBM attrition data split by `seed`: 980 training and 490 test employees, the lesson's model
 * inputs standardized with the training rows' mean and deviation, and each employee's age band.
 * (The same generator is in checks.ts and hidden.ts: a lesson's test files cannot import each other.)
 */
function attritionTask(seed: number) {
  const hit = attritionTasks.get(seed);
  if (hit) return hit;
  const table = lab.datasets.load("ibm-attrition");
  const employees = table.objects() as Array<Record<string, any>>;
  const xy = lab.datasets.toXY(table, { target: "attrition", oneHot: true,
    features: ["business_travel", "department", "distance_from_home", "job_level", "job_satisfaction", "marital_status",
      "over_time", "total_working_years", "years_at_company", "environment_satisfaction", "work_life_balance"] });
  const band = employees.map((e) => (e.age < 30 ? "under 30" : e.age < 45 ? "30–44" : "45 and over"));
  const order = lab.data.shuffled(xy.y.map((_, i) => i), lab.explain.seededRandom(seed));
  const train = order.slice(0, 980), test = order.slice(980);
  const mu = xy.featureNames.map((_, j) => train.reduce((s, i) => s + xy.X[i][j], 0) / train.length);
  const sd = xy.featureNames.map((_, j) => Math.sqrt(train.reduce((s, i) => s + (xy.X[i][j] - mu[j]) ** 2, 0) / train.length) || 1);
  const rows = (idx: number[]) => idx.map((i) => xy.X[i].map((v, j) => (v - mu[j]) / sd[j]));
  const task = {
    Xtrain: rows(train), quitTrain: train.map((i) => xy.y[i]), bandsTrain: train.map((i) => band[i]),
    Xtest: rows(test), quitTest: test.map((i) => xy.y[i]), bandsTest: test.map((i) => band[i]),
  };
  attritionTasks.set(seed, task);
  return task;
}
const attritionTasks = new Map<number, any>();

/** Bars of exercise 6.5: share flagged, parity across bands, share of the flagged who quit. */
function assertRetentionFlags(flags: number[], task: { quitTest: number[]; bandsTest: string[] }) {
  const n = task.quitTest.length;
  assert.ok(Array.isArray(flags) && flags.length === n, `expected ${n} flags (one per test employee), got ${Array.isArray(flags) ? flags.length : typeof flags}`);
  const flagged = flags.filter((f) => f === 1).length;
  assert.ok(flagged >= 0.18 * n && flagged <= 0.22 * n, `${flagged} of ${n} employees flagged: the budget is a fifth (18–22 %)`);
  const parity = lab.fairness.demographicParityDifference(task.quitTest, flags, task.bandsTest);
  assert.ok(parity <= 0.05, `demographic parity difference across age bands ${parity.toFixed(3)}: the bar is 0.05`);
  const precision = flags.filter((f, i) => f === 1 && task.quitTest[i] === 1).length / flagged;
  assert.ok(precision >= 0.3, `${(100 * precision).toFixed(1)} % of the flagged employees quit: the bar is 30 %`);
}

/** Bars of exercise 6.6: largest gap between bands' mean scores, and ROC AUC. */
function assertFairScores(scores: number[], task: { quitTest: number[]; bandsTest: string[] }) {
  const n = task.quitTest.length;
  assert.ok(Array.isArray(scores) && scores.length === n && scores.every((s) => Number.isFinite(s)), `expected ${n} finite scores (one per test employee)`);
  const means = [...new Set(task.bandsTest)].map((band) => {
    const s = scores.filter((_, i) => task.bandsTest[i] === band);
    return s.reduce((a, b) => a + b, 0) / s.length;
  });
  const gap = Math.max(...means) - Math.min(...means);
  assert.ok(gap < 0.06, `the bands' mean scores differ by up to ${gap.toFixed(3)}: the bar is below 0.06`);
  let wins = 0, pairs = 0;
  scores.forEach((p, i) => { if (task.quitTest[i] !== 1) return; scores.forEach((q, k) => { if (task.quitTest[k] === 1) return; pairs++; wins += p > q ? 1 : p === q ? 0.5 : 0; }); });
  assert.ok(wins / pairs >= 0.7, `ROC AUC ${(wins / pairs).toFixed(3)}: the bar is 0.70`);
}

export const exercises: Exercise[] = [
  {
    id: "6.1",
    tests: [
      {
        name: "three groups, interleaved",
        args: [[1, 0, 0, 1, 1, 0, 1], ["p", "q", "r", "p", "q", "r", "r"]],
        expect: (r) => {
          const o = r as Record<string, number>;
          assert.deepEqual(Object.keys(o).sort(), ["p", "q", "r"]);
          close(o.p, 1); close(o.q, 0.5); close(o.r, 1 / 3);
        },
        points: 2,
      },
    ],
  },
  {
    id: "6.2",
    tests: [
      {
        // g1: y 1 1 0 0, ŷ 1 1 0 0 → TPR 1, FPR 0; g2: y 1 1 0 0, ŷ 0 1 1 1 → TPR 1/2, FPR 1
        // TPR gap 1/2, FPR gap 1 → 1
        name: "FPR gap dominates",
        args: [[1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 0, 0, 0, 1, 1, 1], ["g1", "g1", "g1", "g1", "g2", "g2", "g2", "g2"]],
        expect: (r) => close(r, 1),
        points: 1,
      },
      {
        // g1: TPR 1/4, FPR 0; g2: TPR 1, FPR 1/4 → TPR gap 3/4, FPR gap 1/4 → 3/4
        name: "TPR gap dominates",
        args: [[1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0], ["g1", "g1", "g1", "g1", "g1", "g1", "g2", "g2", "g2", "g2", "g2", "g2"]],
        expect: (r) => close(r, 0.75),
        points: 1,
      },
    ],
  },
  {
    id: "6.3",
    tests: [
      {
        // n = 5; group a: labels 1, 0, 0 (n_a = 3); group b: 1, 1 (n_b = 2); n_1 = 3, n_0 = 2
        // w(a,1) = 3·3/(5·1) = 1.8, w(a,0) = 3·2/(5·2) = 0.6, w(b,1) = 2·3/(5·2) = 0.6
        name: "unequal group sizes",
        args: [[1, 0, 0, 1, 1], ["a", "a", "a", "b", "b"]],
        expect: (r) => {
          assert.ok(Array.isArray(r));
          [1.8, 0.6, 0.6, 0.6, 0.6].forEach((e, i) => close((r as number[])[i], e));
        },
        points: 2,
      },
    ],
  },
  {
    id: "6.4",
    tests: [
      {
        name: "rate 1 selects everyone: the smallest score",
        args: [[0.5, 0.2, 0.8], 1],
        expect: (r) => close(r, 0.2),
        points: 1,
      },
      {
        name: "rounds rate × n: 0.3 of 5 → 2nd largest",
        args: [[5, 1, 4, 2, 3], 0.3],
        expect: (r) => close(r, 4),
        points: 1,
      },
    ],
  },
  // 6.5 and 6.6 on splits of the employees the learner's code never saw.
  // Re-measured after the merge (00:21 UTC, load ~13 on 2 cores; wasm and pure-JS cpu gave the same
  // figures) on seeds 11 (visible), 101, 202, 303 (graded) and 404, 505, 606: the reference solution
  // (fitLogistic, then the top fifth of each band) flags 97–98 of 490, parity difference ≤ 0.006 (bar
  // 0.05) and precision 0.388–0.480 on 11–303 (0.418–0.439 on 404–606): margin ≥ 0.088 over 0.30.
  // The base rate of the test employees is 0.149–0.180, so the bar is 1.7–2.0 times it (the
  // statement's "about twice"). Naive attempts fail: the top fifth overall has parity differences of
  // 0.174–0.229; a random fifth of each band (quotas without a model) has precision 0.122–0.196.
  // 0.4–1.5 s per call.
  {
    id: "6.5",
    tests: [101, 202, 303].map((seed) => ({
      name: `a fifth flagged, parity ≤ 0.05, ≥ 30 % of the flagged quit on unseen employees (seed ${seed})`,
      args: () => { const t = attritionTask(seed); return [t.Xtrain, t.quitTrain, t.Xtest, t.bandsTest, 0.2]; },
      expect: (r: unknown) => assertRetentionFlags(r as number[], attritionTask(seed)),
      points: 1,
    })),
  },
  // Measured (wasm, load 15) on seeds 11, 101, 202, 303: the reference solution (λ = 30) has a
  // largest band gap of 0.013–0.035 (margin ≥ 0.025 under 0.06) and ROC AUC 0.736–0.817 (margin
  // ≥ 0.036 over 0.70); the unpenalized fitLogistic has gaps of 0.093–0.145, so it fails; a
  // constant score (gap 0) has AUC 0.5 and fails too. 0.5–1.1 s per call.
  {
    id: "6.6",
    tests: [101, 202, 303].map((seed) => ({
      name: `bands' mean scores within 0.06, ROC AUC ≥ 0.70 on unseen employees (seed ${seed})`,
      args: () => { const t = attritionTask(seed); return [t.Xtrain, t.quitTrain, t.bandsTrain, t.Xtest]; },
      expect: (r: unknown) => assertFairScores(r as number[], attritionTask(seed)),
      points: 1,
    })),
  },
];
