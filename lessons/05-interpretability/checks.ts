import { assertAllClose as closeAll, assertUnchanged } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { shortcutTask, shortcutTasks, robustness, assertRobust } from "./tasks";

export const exercises: Exercise[] = [
  {
    id: "5.1",
    title: "Shuffle one column",
    name: "shuffleColumn",
    tests: [
      {
        name: "column 1 reordered by [2, 0, 1], column 0 untouched",
        args: [[[1, 10], [2, 20], [3, 30]], 1, [2, 0, 1]],
        expect: (r) => assert.deepEqual(r, [[1, 30], [2, 10], [3, 20]]),
        hint: "Row i keeps its own values except in `column`, where it takes X[order[i]][column].",
      },
      {
        name: "the identity order changes nothing",
        args: [[[1, 2, 3], [4, 5, 6]], 2, [0, 1]],
        expect: (r) => assert.deepEqual(r, [[1, 2, 3], [4, 5, 6]]),
        hint: "With order = [0, 1, …] every row takes its own value.",
      },
      {
        name: "leaves X unchanged: the shuffled matrix is a new one",
        args: [[[1, 2], [3, 4]], 0, [1, 0]],
        expect: (r, after) => {
          assert.deepEqual(r, [[3, 2], [1, 4]]);
          assertUnchanged(after, [[[1, 2], [3, 4]], 0, [1, 0]], ["X", "column", "order"]);
        },
        hint: "Build new rows (X.map((row, i) => row.map(…)) or [...row]) instead of assigning into X[i][column].",
      },
    ],
  },
  {
    id: "5.2",
    title: "Shapley values of a linear model",
    name: "linearShap",
    tests: [
      {
        name: "w = [2, −1], x = [3, 1], baseline = [1, 1] gives [4, 0]",
        args: [[2, -1], [3, 1], [1, 1]],
        expect: (r) => closeAll(r, [4, 0]),
        hint: "Feature j adds w_j·x_j instead of w_j·baseline_j to the output, whatever the others do.",
      },
      {
        name: "the values add up to f(x) − f(baseline)",
        args: [[0.5, 3, -2], [1, 2, 3], [0, 0, 0]],
        expect: (r) => {
          closeAll(r, [0.5, 6, -6]);
          assert.ok(Math.abs((r as number[]).reduce((a, b) => a + b, 0) - 0.5) < 1e-9);
        },
        hint: "φ_j = w_j (x_j − baseline_j).",
      },
    ],
  },
  {
    id: "5.3",
    title: "Shapley values from their definition",
    name: "shapleyValues",
    tests: [
      {
        name: "an additive game: each player gets what it adds",
        // v(S) = 1·[0 ∈ S] + 2·[1 ∈ S]
        args: [[0, 1, 2, 3]],
        expect: (r) => closeAll(r, [1, 2]),
        hint: "Loop over every mask; for each player j not in it, add weight × (v[mask | (1 << j)] − v[mask]).",
      },
      {
        name: "a game where only the pair wins: they share equally",
        // v({0,1}) = 1, every other coalition 0
        args: [[0, 0, 0, 1]],
        expect: (r) => closeAll(r, [0.5, 0.5]),
        hint: "The weight is |S|!(d − |S| − 1)!/d!, with |S| the size of the coalition without j.",
      },
    ],
  },
  {
    id: "5.4",
    title: "Integrated gradients from path gradients",
    name: "integratedGradientsFromPath",
    tests: [
      {
        name: "constant gradients (a linear model): IG = gradient × (x − baseline)",
        args: [[[2, -1], [2, -1], [2, -1]], [3, 4], [1, 0]],
        expect: (r) => closeAll(r, [4, -4]),
        hint: "Average the gradients over the path, then multiply by x − baseline.",
      },
      {
        name: "trapezoid rule: the end points count half",
        // m = 2: average = (0.5·0 + 1·1 + 0.5·4) / 2 = 1.5
        args: [[[0], [1], [4]], [2], [0]],
        expect: (r) => closeAll(r, [3]),
        hint: "With m + 1 points, weights are 1/2, 1, …, 1, 1/2 and you divide by m.",
      },
    ],
  },
  {
    id: "5.5",
    title: "Find the shortcut a model uses",
    name: "findShortcut",
    tests: [
      {
        name: "finds the planted column (seed 5)",
        args: () => { const t = shortcutTask(5); return [t.Xtrain, t.ytrain, t.Xnew, t.ynew]; },
        expect: (r) => assert.equal(r, shortcutTask(5).column),
        hint: "Train on Xtrain, then compare permutation importance on Xtrain and on Xnew: the shortcut matters only on the first.",
      },
    ],
  },
  {
    id: "5.6",
    title: "A model that ignores the shortcut",
    name: "robustPredict",
    tests: [
      {
        name: "accuracy ≥ 0.93 on unseen patients, and flipping the shortcut moves P by < 0.01 (seed 5)",
        args: () => { const t = shortcutTask(5); return [t.Xtrain, t.ytrain, t.Xnew, t.ynew, [...t.Xtest, ...t.XtestFlipped]]; },
        expect: (r) => assertRobust(r, shortcutTask(5)),
        hint: "Find the shortcut column (exercise 5.5), drop it from every set of rows, and train on the rest.",
      },
    ],
  },
];
