import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const E = lab.explain;
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe("explain scores used by permutation importance", () => {
  it("labels from outputs: argmax, whole numbers as labels, probabilities cut at 0.5", () => {
    assert.deepEqual(E.predictedLabels([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]), [1, 0]);
    assert.deepEqual(E.predictedLabels([[2], [0], [1]]), [2, 0, 1]);
    assert.deepEqual(E.predictedLabels([[0.2], [0.51], [0.5]]), [0, 1, 0]);
  });

  // Hand-computed: y = [1, 2, 3, 4], ŷ = [1, 2, 3, 5] → SSE = 1, MSE = 0.25;
  // mean(y) = 2.5, SST = 2.25 + 0.25 + 0.25 + 2.25 = 5 → R² = 1 − 1/5 = 0.8.
  it("r2 and neg_mean_squared_error drive the importances of a regression", () => {
    const X = [[1, 9], [2, 8], [3, 7], [4, 6]];
    const y = [1, 2, 3, 4];
    const predict = (rows) => rows.map((r) => (r[0] === 4 ? 5 : r[0]));
    const r2 = E.permutationImportance(predict, X, { y, score: "r2", nRepeats: 1, permutations: [[[0, 1, 2, 3]], [[3, 2, 1, 0]]] });
    close(r2.baselineScore, 0.8, 1e-12, "R²");
    assert.deepEqual(r2.importancesMean, [0, 0]);
    const mse = E.permutationImportance(predict, X, { y, score: "neg_mean_squared_error", nRepeats: 1, permutations: [[[1, 0, 2, 3]], [[0, 1, 2, 3]]] });
    close(mse.baselineScore, -0.25, 1e-12, "−MSE");
    // Swapping rows 0 and 1 of feature 0: ŷ = [2, 1, 3, 5], MSE = (1 + 1 + 0 + 1)/4 = 0.75 → drop 0.5.
    close(mse.importancesMean[0], 0.5, 1e-12, "drop");
  });

  it("neg_log_loss on probabilities of one or two columns", () => {
    // y = [1, 0], p = [0.8, 0.4] → −(ln 0.8 + ln 0.6)/2
    const expected = -(Math.log(0.8) + Math.log(0.6)) / 2;
    for (const predict of [(rows) => rows.map((r) => r[0]), (rows) => rows.map((r) => [1 - r[0], r[0]])]) {
      const r = E.permutationImportance(predict, [[0.8], [0.4]], { y: [1, 0], score: "neg_log_loss", nRepeats: 1 });
      close(r.baselineScore, -expected, 1e-12, "log loss");
    }
  });

  it("an unknown score name says which exist", () => {
    assert.throws(() => E.permutationImportance((r) => r.map(() => 0), [[1]], { y: [0], score: "f1" }), /accuracy", "neg_log_loss"/);
  });
});
