// Conv2DBackpropFilter on wasm has three paths: the in-place SIMD product when co is a multiple
// of 4; else im2col + one matMul when kh·kw·ci ≤ 32 (first layers on grey/RGB images), one
// XNNPACK conv over transposed tensors above. All three vs cpu.
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { initWasm, sameOnCpuAndWasm, tf } from "./helpers.mjs";

const { SMALL_FILTER_MAX_INPUTS } = createRequire(import.meta.url)(
  "../../../kernel-ext/dist/train/wasm/convBackpropFilterSmall.js");

const cases = [
  // [x shape, filter shape, strides, pad]
  [[2, 9, 9, 1], [3, 3, 1, 4], 1, "valid"],
  [[2, 9, 8, 1], [3, 3, 1, 4], 2, "same"],
  [[2, 8, 9, 3], [3, 3, 3, 5], [2, 1], "same"],
  [[1, 7, 7, 1], [5, 5, 1, 2], 1, "same"],
  [[2, 6, 7, 2], [2, 3, 2, 3], 3, [[0, 0], [1, 2], [0, 1], [0, 0]]],
  [[2, 7, 7, 5], [3, 3, 5, 4], 1, "same"],
  [[2, 8, 8, 5], [3, 3, 5, 4], 2, "valid"],
  [[1, 9, 7, 6], [2, 3, 6, 2], [1, 2], "same"],
  [[2, 8, 8, 5], [3, 3, 5, 6], 2, "valid"],
];

const path = ([, , , co], k) => (co % 4 === 0 ? "in place" : k <= SMALL_FILTER_MAX_INPUTS ? "im2col" : "one conv");

describe("train: wasm Conv2DBackpropFilter, both paths", function () {
  before(initWasm);

  it("the cases cover all three paths", () => {
    const paths = new Set(cases.map(([, f]) => path(f, f[0] * f[1] * f[2])));
    assert.deepEqual([...paths].sort(), ["im2col", "in place", "one conv"]);
  });

  for (const [xShape, fShape, strides, pad] of cases) {
    const k = fShape[0] * fShape[1] * fShape[2];
    it(`filter gradient, x ${xShape} filter ${fShape} strides ${strides} pad ${JSON.stringify(pad)} (${path(fShape, k)})`, async () => {
      await sameOnCpuAndWasm((x, w) => tf.grads((a, b) => tf.conv2d(a, b, strides, pad).square().sum())([x, w]),
        [[xShape], [fShape]]);
    });
  }
});
