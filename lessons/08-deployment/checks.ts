import { assertNear as near, assertUnchanged } from "@trainlab/kernel-ext";
import type { Exercise } from "@trainlab/kernel-ext";
import * as lab from "@trainlab/kernel-ext";
import assert from "node:assert/strict";
import { cameraTask, cameraTasks, assertBothCameras } from "./tasks";

const isProblem = (r: unknown) => assert.ok(typeof r === "string" && r.length > 0, `expected a message saying what is wrong, got ${JSON.stringify(r)}`);

export const exercises: Exercise[] = [
  {
    id: "8.1",
    title: "Validate one instance",
    name: "checkInstance",
    tests: [
      { name: "a valid 2x3 instance gives null", args: [[[1, 2, 3], [4, 5, 6]], [2, 3]], expect: (r) => assert.equal(r, null), hint: "Return null (not undefined, not \"\") when everything is fine." },
      { name: "a row of the wrong length is a problem", args: [[[1, 2, 3], [4, 5]], [2, 3]], expect: isProblem, hint: "Compare each array's length with the shape at its depth." },
      { name: "a string leaf is a problem", args: [[[1, "2", 3], [4, 5, 6]], [2, 3]], expect: isProblem, hint: "Leaves must have typeof \"number\"." },
      { name: "a flat array for a 2-D shape is a problem", args: [[1, 2, 3, 4, 5, 6], [2, 3]], expect: isProblem, hint: "At depth 0 the instance must be an array of length shape[0] whose items are arrays." },
      { name: "null is a problem", args: [null, [2]], expect: isProblem },
    ],
  },
  {
    id: "8.2",
    title: "Percentile with linear interpolation",
    name: "percentile",
    tests: [
      { name: "median of an even count interpolates", args: [[4, 1, 3, 2], 50], expect: (r) => near(r, 2.5), hint: "Sort a copy first; position (n - 1) * q / 100 = 1.5 lies between the 2nd and 3rd values." },
      { name: "p90 of [1, 2, 3, 4] is 3.7 (numpy's default)", args: [[1, 2, 3, 4], 90], expect: (r) => near(r, 3.7), hint: "Interpolate: lower + (upper - lower) * fraction." },
      { name: "p100 is the maximum", args: [[5, -2, 9], 100], expect: (r) => near(r, 9) },
      {
        name: "leaves the caller's array in its order (sorts a copy)",
        args: [[4, 1, 3, 2], 25],
        expect: (r, after) => {
          near(r, 1.75);
          assertUnchanged(after, [[4, 1, 3, 2], 25], ["values", "q"]);
        },
        hint: "values.sort(…) sorts the caller's array in place: sort a copy, [...values].sort((a, b) => a - b).",
      },
    ],
  },
  {
    id: "8.3",
    title: "PSI from bin counts",
    name: "psiFromCounts",
    tests: [
      { name: "identical distributions give 0", args: [[10, 20, 30], [1, 2, 3]], expect: (r) => near(r, 0, 1e-12), hint: "Compare shares (count / total), not raw counts." },
      {
        name: "shares shifting from 50/50 to 25/75",
        args: [[50, 50], [25, 75]],
        expect: (r) => near(r, (0.5 - 0.25) * Math.log(0.5 / 0.25) + (0.5 - 0.75) * Math.log(0.5 / 0.75)),
        hint: "Sum (ref - cur) * ln(ref / cur) over the bins.",
      },
      {
        name: "an empty current bin is replaced by 0.0001",
        args: [[1, 1], [2, 0]],
        expect: (r) => near(r, (0.5 - 1) * Math.log(0.5 / 1) + (0.5 - 0.0001) * Math.log(0.5 / 0.0001)),
        hint: "Replace zero shares before taking logarithms.",
      },
    ],
  },
  {
    id: "8.4",
    title: "Retrain, investigate, or ok",
    name: "retrainDecision",
    tests: [
      { name: "a 6-point accuracy drop means retrain", args: [[{ feature: "a", psi: 0.01, ksPValue: 0.9 }], 0.06], expect: (r) => assert.equal(r, "retrain"), hint: "Check the measured accuracy drop first." },
      { name: "two features with PSI >= 0.2 and no labels means retrain", args: [[{ feature: "a", psi: 0.3, ksPValue: 0.001 }, { feature: "b", psi: 0.2, ksPValue: 0.2 }], null], expect: (r) => assert.equal(r, "retrain") },
      { name: "one drifting feature means investigate", args: [[{ feature: "a", psi: 0.12, ksPValue: 0.2 }, { feature: "b", psi: 0.01, ksPValue: 0.5 }], null], expect: (r) => assert.equal(r, "investigate"), hint: "PSI >= 0.1 or p < 0.01 on any feature: investigate." },
      { name: "nothing drifting means ok", args: [[{ feature: "a", psi: 0.02, ksPValue: 0.4 }], null], expect: (r) => assert.equal(r, "ok") },
    ],
  },
  {
    id: "8.5",
    title: "Which batch hurts the model?",
    name: "harmfulBatch",
    tests: [
      {
        name: "finds the batch from the remounted camera, not the darker one (seed 8)",
        args: () => { const t = cameraTask(8); return [t.trainImages, t.trainLabels, t.batches, t.sampleLabels]; },
        expect: (r) => {
          const t = cameraTask(8);
          assert.notEqual(r, t.darker, `batch ${t.darker} is the darker camera: its inputs drift, but the model's accuracy holds`);
          assert.equal(r, t.harmful);
        },
        hint: "Measure the model's accuracy on each batch's 50 labelled images; return the batch where it is lowest.",
      },
    ],
  },
  {
    id: "8.6",
    title: "A model for both cameras",
    name: "robustFashionPredict",
    tests: [
      {
        name: "accuracy ≥ 0.85 on unseen images from both cameras (seed 8)",
        args: () => { const t = cameraTask(8); return [t.trainImages, t.trainLabels, t.bothCameras]; },
        expect: (r) => assertBothCameras(r, cameraTask(8)),
        hint: "Add copies of the training images moved down by 0 to 4 rows (zeros entering at the top) and train on all of them.",
      },
    ],
  },
];
