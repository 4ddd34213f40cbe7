// The ops (and their gradients) that course models use, on patched wasm vs pure-JS cpu: a guard
// against wrong wasm kernels beyond the ones Trainlab replaces. Left out, because tfjs itself is
// wrong there on cpu (so there is no reference): the gradient of cumsum on a non-last axis,
// of resizeBilinear, and of resizeNearestNeighbor (cpu's is off; wasm's matches the forward op).
import { initWasm, sameOnCpuAndWasm, tf } from "./helpers.mjs";

const ops = {
  softmax: (x) => tf.grads((v) => tf.softmax(v).square().sum())([x]),
  logSoftmax: (x) => tf.grads((v) => tf.logSoftmax(v).square().sum())([x]),
  sigmoid: (x) => tf.grads((v) => tf.sigmoid(v).square().sum())([x]),
  tanh: (x) => tf.grads((v) => tf.tanh(v).square().sum())([x]),
  elu: (x) => tf.grads((v) => tf.elu(v).square().sum())([x]),
  selu: (x) => tf.grads((v) => tf.selu(v).square().sum())([x]),
  leakyRelu: (x) => tf.grads((v) => tf.leakyRelu(v, 0.1).square().sum())([x]),
  relu6: (x) => tf.grads((v) => tf.relu6(v.mul(8)).square().sum())([x]),
  prelu: (x) => tf.grads((v, a) => tf.prelu(v, a).square().sum())([x, tf.fill([3], 0.2)]),
  "mean over axes": (x) => tf.grads((v) => tf.mean(v, [1, 2]).square().sum())([x]),
  "max over axes": (x) => tf.grads((v) => tf.max(v, [1, 2]).square().sum())([x]),
  "min over last axis": (x) => tf.grads((v) => tf.min(v, 3).square().sum())([x]),
  clipByValue: (x) => tf.grads((v) => tf.clipByValue(v, -0.3, 0.4).square().sum())([x]),
  "sqrt, abs": (x) => tf.grads((v) => tf.sqrt(tf.abs(v).add(0.1)).sum())([x]),
  "log, exp": (x) => tf.grads((v) => tf.log(tf.exp(v).add(1)).sum())([x]),
  batchNorm: (x) => tf.grads((v, m, va, o, s) => tf.batchNorm(v, m, va, o, s, 1e-3).square().sum())(
    [x, tf.fill([3], 0.1), tf.fill([3], 0.5), tf.fill([3], 0.2), tf.fill([3], 1.5)]),
  moments: (x) => { const { mean, variance } = tf.moments(x, [0, 1, 2]); return [mean, variance]; },
  "avgPool same": (x) => tf.grads((v) => tf.avgPool(v, 2, 2, "same").square().sum())([x]),
  "avgPool valid": (x) => tf.grads((v) => tf.avgPool(v, 3, 1, "valid").square().sum())([x]),
  "maxPool 3 stride 2 same": (x) => tf.grads((v) => tf.maxPool(v, 3, 2, "same").square().sum())([x]),
  concat: (x) => tf.grads((v) => tf.concat([v, v.mul(2)], 3).square().sum())([x]),
  slice: (x) => tf.grads((v) => tf.slice(v, [1, 1, 0, 0], [2, 3, 4, 2]).square().sum())([x]),
  pad: (x) => tf.grads((v) => tf.pad(v, [[0, 0], [1, 2], [0, 1], [0, 0]], 0.5).square().sum())([x]),
  tile: (x) => tf.grads((v) => tf.tile(v, [1, 2, 1, 2]).square().sum())([x]),
  transpose: (x) => tf.grads((v) => tf.transpose(v, [3, 1, 0, 2]).mul(tf.range(0, 360).reshape([3, 5, 4, 6])).sum())([x]),
  reverse: (x) => tf.grads((v) => tf.reverse(v, [1, 3]).mul(tf.range(0, 360).reshape([4, 5, 6, 3])).sum())([x]),
  "cumsum last axis": (x) => tf.grads((v) => tf.cumsum(v, 3).square().sum())([x]),
  "argMax, argMin": (x) => [tf.argMax(x, 3), tf.argMin(x, 1)],
  topk: (x) => { const r = tf.topk(x.reshape([20, 18]), 4); return [r.values, r.indices]; },
  "resizeNearestNeighbor forward": (x) => tf.image.resizeNearestNeighbor(x, [10, 12]),
  where: (x) => tf.where(tf.greater(x, 0), x, tf.zerosLike(x)),
  squaredDifference: (x) => tf.grads((v) => tf.squaredDifference(v, v.reverse(0)).sum())([x]),
  div: (x) => tf.grads((v) => tf.div(v, tf.abs(v).add(0.5)).sum())([x]),
  pow: (x) => tf.grads((v) => tf.pow(tf.abs(v).add(0.5), 1.7).sum())([x]),
  softplus: (x) => tf.grads((v) => tf.softplus(v).sum())([x]),
  logSigmoid: (x) => tf.grads((v) => tf.logSigmoid(v).sum())([x]),
  softmaxCrossEntropy: (x) => tf.grads((v) => tf.losses.softmaxCrossEntropy(
    tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0], "int32"), 3), v.reshape([-1, 3]).slice([0, 0], [5, 3])))([x]),
  sigmoidCrossEntropy: (x) => tf.grads((v) => tf.losses.sigmoidCrossEntropy(tf.onesLike(v), v))([x]),
  meanSquaredError: (x) => tf.grads((v) => tf.losses.meanSquaredError(tf.zerosLike(v), v))([x]),
  huberLoss: (x) => tf.grads((v) => tf.losses.huberLoss(tf.zerosLike(v), v, undefined, 0.3))([x]),
  localResponseNormalization: (x) => tf.grads((v) => tf.localResponseNormalization(v, 1).square().sum())([x]),
  "conv2d dilation 2": (x) => tf.conv2d(x, tf.ones([3, 3, 3, 2]), 1, "same", "NHWC", 2),
  "batched matMul, transposeB": (x) => tf.grads((a, b) => tf.matMul(a, b, false, true).square().sum())(
    [x.reshape([4, 30, 3]), x.reshape([4, 30, 3]).slice([0, 0, 0], [4, 7, 3])]),
  gatherND: (x) => tf.gatherND(x, tf.tensor2d([[0, 1], [3, 4]], [2, 2], "int32")),
  "fused conv2d, bias, relu6": (x) => tf.fused.conv2d({ x, filter: tf.ones([2, 2, 3, 4]).mul(0.1), strides: 1, pad: "valid", bias: tf.fill([4], 0.1), activation: "relu6" }),
  "fused conv2d, prelu": (x) => tf.fused.conv2d({ x, filter: tf.ones([2, 2, 3, 4]).mul(0.1), strides: 1, pad: "valid", activation: "prelu", preluActivationWeights: tf.fill([4], 0.25) }),
  "fused matMul, bias, elu": (x) => tf.fused.matMul({ a: x.reshape([40, 9]), b: tf.ones([9, 5]).mul(0.3), bias: tf.fill([5], -0.2), activation: "elu" }),
  "fused matMul, leakyrelu": (x) => tf.fused.matMul({ a: x.reshape([40, 9]), b: tf.ones([9, 5]).mul(0.3), bias: tf.fill([5], -0.2), activation: "leakyrelu", leakyreluAlpha: 0.3 }),
  "fused matMul, sigmoid": (x) => tf.fused.matMul({ a: x.reshape([40, 9]), b: tf.ones([9, 5]).mul(0.3), activation: "sigmoid" }),
};

describe("train: ops course models use agree on wasm and cpu (values and gradients)", function () {
  before(initWasm);
  for (const [name, f] of Object.entries(ops)) {
    it(name, async () => { await sameOnCpuAndWasm(f, [[[4, 5, 6, 3]]], { tol: 1e-3 }); });
  }
});
