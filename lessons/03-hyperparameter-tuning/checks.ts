import { assertNear as close } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { tuningTask, judgeHyperparameters, judgeTestPredictions } from "./tasks";

// Model exercises (3.6, 3.7): the learner's search returns hyperparameters; the check trains with
// them and scores on test rows the search never saw. hidden.ts calls the same builders
// (tasks.ts) with other seeds.

export const exercises: Exercise[] = [
  {
    id: "3.1",
    title: "Log-uniform sampling",
    name: "logUniform",
    tests: [
      {
        name: "u = 0 gives low",
        args: [0, 1e-4, 1],
        expect: (r) => close(r, 1e-4),
        hint: "Work with exponents: log(low) + u · (log(high) − log(low)), then exp.",
      },
      {
        name: "u = 0.5 gives the geometric mean: 1e-4..1 → 0.01",
        args: [0.5, 1e-4, 1],
        expect: (r) => close(r, 0.01),
        hint: "Halfway on a log scale is √(low·high), not (low + high) / 2.",
      },
      {
        name: "u = 0.25 between 1 and 10000 gives 10",
        args: [0.25, 1, 10000],
        expect: (r) => close(r, 10),
        hint: "A quarter of the way through 4 decades is 1 decade.",
      },
      {
        name: "low <= 0 throws",
        args: [0.5, 0, 1],
        throws: true,
        expect: (e) => assert.ok(e instanceof Error, "throw an Error"),
        hint: "The logarithm of 0 or a negative number does not exist: check low > 0 first.",
      },
    ],
  },
  {
    id: "3.2",
    title: "Grid combinations",
    name: "gridCombinations",
    tests: [
      {
        name: "{a: [1, 2], b: ['x', 'y']} gives 4 combinations, b varying fastest",
        args: [{ a: [1, 2], b: ["x", "y"] }],
        expect: (r) => assert.deepEqual(r, [{ a: 1, b: "x" }, { a: 1, b: "y" }, { a: 2, b: "x" }, { a: 2, b: "y" }]),
        hint: "Start from [{}] and, for each parameter in order, extend every row with each of its values.",
      },
      {
        name: "3 × 2 × 2 values give 12 distinct combinations",
        args: [{ lr: [0.001, 0.01, 0.1], units: [16, 64], act: ["relu", "tanh"] }],
        expect: (r) => {
          assert.equal(r.length, 12);
          assert.equal(new Set(r.map((c: unknown) => JSON.stringify(c))).size, 12);
        },
        hint: "The number of combinations is the product of the numbers of values.",
      },
    ],
  },
  {
    id: "3.3",
    title: "TPE's good/bad split",
    name: "tpeSplit",
    tests: [
      {
        name: "10 values, maximize: the single best (ceil(0.1 · 10) = 1)",
        args: [[0.5, 0.9, 0.7, 0.1, 0.3, 0.2, 0.8, 0.6, 0.4, 0.05], "maximize"],
        expect: (r) => assert.deepEqual(r, [1]),
        hint: "nGood = min(ceil(0.1 · n), 25); for maximize the good ones are the largest values.",
      },
      {
        name: "11 values, minimize: the 2 smallest, in index order",
        args: [[5, 3, 9, 1, 7, 8, 6, 4, 10, 11, 2], "minimize"],
        expect: (r) => assert.deepEqual(r, [3, 10]),
        hint: "ceil(1.1) = 2. Return the indices sorted increasingly, not by value.",
      },
    ],
  },
  {
    id: "3.4",
    title: "Successive halving's promotion rule",
    name: "isPromotable",
    tests: [
      {
        name: "the first trial at a rung always goes on",
        args: [0.3, [0.3], 3, "maximize"],
        expect: (r) => assert.equal(r, true),
        hint: "k = floor(1 / 3) − 1 = −1, which counts as 0: the trial must be the best, and it is.",
      },
      {
        name: "with 2 trials (fewer than η = 3) only the best goes on",
        args: [0.5, [0.9, 0.5], 3, "maximize"],
        expect: (r) => assert.equal(r, false),
        hint: "While fewer than η trials reached the rung, k = 0: only the best value passes.",
      },
      {
        name: "6 trials, η = 3, maximize: the top 2 go on",
        args: [0.7, [0.9, 0.7, 0.1, 0.2, 0.3, 0.4], 3, "maximize"],
        expect: (r) => assert.equal(r, true),
        hint: "k = floor(6 / 3) − 1 = 1: at least as good as the second best.",
      },
    ],
  },
  {
    id: "3.5",
    title: "Best so far",
    name: "bestSoFar",
    tests: [
      {
        name: "maximize: [0.2, 0.5, 0.4, 0.9] → [0.2, 0.5, 0.5, 0.9]",
        args: [[0.2, 0.5, 0.4, 0.9], "maximize"],
        expect: (r) => assert.deepEqual(r, [0.2, 0.5, 0.5, 0.9]),
        hint: "Keep a running best and push it after each value.",
      },
      {
        name: "minimize, with a NaN (failed trial) first",
        args: [[NaN, 3, 4, 1], "minimize"],
        expect: (r) => assert.deepEqual(r, [NaN, 3, 3, 1]),
        hint: "Before any real value the best is NaN; a NaN never becomes the best.",
      },
    ],
  },
  {
    id: "3.6",
    title: "Beat the default with a search",
    name: "tuneNetwork",
    tests: [
      {
        name: "your lr and units reach test accuracy >= 0.85 (split seed 1)",
        args: () => { const t = tuningTask(1); return [t.trainX, t.trainY, t.valX, t.valY]; },
        expect: (r) => judgeHyperparameters(r, tuningTask(1), 0.85),
        hint: "Write an objective that trains with trial.suggestFloat/suggestInt and reports the validation accuracy each epoch; run a study with a budget of 81 epochs and return study.bestParams.",
      },
    ],
  },
  {
    id: "3.7",
    title: "Tune, retrain, predict",
    name: "tuneAndPredict",
    tests: [
      {
        name: "test accuracy >= 0.9 on rows your search never saw (split seed 1)",
        args: () => { const t = tuningTask(1); return [[...t.trainX, ...t.valX], [...t.trainY, ...t.valY], t.testX]; },
        expect: (r) => judgeTestPredictions(r, tuningTask(1), 0.9),
        hint: "Hold out part of the labelled rows (lab.data.split with stratify) to score trials, search as in 3.6, then train once more with the best settings on all labelled rows and predict testX.",
      },
    ],
  },
];
