import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const { sha256 } = require("../../../kernel-ext/dist/core/modelIo.js");
const tf = require("@tensorflow/tfjs");

/** n shipped Fashion-MNIST test images whose label is in `classes`, relabelled 0..k-1. */
function fashion(classes, n, skip = 0) {
  const set = lab.datasets.loadImages("fashion-mnist", { limit: 4000 });
  const idx = [];
  for (let i = 0; i < set.labels.length && idx.length < n + skip; i++) if (classes.includes(set.labels[i])) idx.push(i);
  const keep = idx.slice(skip);
  const x = new Float32Array(keep.length * 784);
  keep.forEach((src, k) => x.set(set.images.subarray(src * 784, src * 784 + 784), k * 784));
  return { x: tf.tensor4d(x, [keep.length, 28, 28, 1]), y: keep.map((i) => classes.indexOf(set.labels[i])) };
}

const weightsOf = (model, names) => Object.fromEntries(names.map((n) => [n, model.getLayer(n).getWeights().map((w) => Array.from(w.dataSync()))]));

describe("transfer: the shipped base model", function () {
  this.timeout(30000);
  before(async () => {
    await tf.setBackend("cpu");
    lab.transfer.useFastConvGrad();
  });
  it("loads with its sha256 checked and classifies Fashion-MNIST classes 0–4 well", async () => {
    const base = await lab.transfer.loadBaseModel();
    assert.deepEqual(base.outputs[0].shape, [null, 5]);
    const { x, y } = fashion([0, 1, 2, 3, 4], 300);
    const acc = lab.transfer.accuracy(base, x, y);
    x.dispose();
    base.dispose();
    assert.ok(acc > 0.8, `accuracy ${acc} on held-out test images of the pretraining classes`);
  });
  it("has weights matching BASE_MODEL_SHA256 and a card naming its data", () => {
    const bytes = fs.readFileSync(path.join(lab.transfer.BASE_MODEL_DIR, "weights.bin"));
    assert.equal(sha256(bytes), lab.transfer.BASE_MODEL_SHA256);
    const metadata = lab.transfer.readModelMetadata(lab.transfer.BASE_MODEL_DIR);
    const card = metadata.card;
    assert.equal(metadata.weightsSha256, lab.transfer.BASE_MODEL_SHA256);
    assert.match(card.data.source, /Fashion-MNIST/);
    assert.ok(bytes.length < 2 * 1024 * 1024);
  });
});

describe("transfer: save and load without tfjs-node", () => {
  let dir;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-transfer-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("round-trips a model (also through a file:// URL) with identical predictions", async () => {
    const model = lab.transfer.createSmallCnn(3, { seed: 5 });
    const hash = await lab.transfer.saveModel(model, dir, { metadata: { note: "test" } });
    assert.match(hash, /^[0-9a-f]{64}$/);
    const again = await lab.transfer.loadModel(pathToFileURL(dir).href);
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 3);
    const a = model.predict(x).arraySync();
    const b = again.predict(x).arraySync();
    assert.deepEqual(a, b);
    assert.deepEqual(lab.transfer.readModelMetadata(dir).note, "test");
    tf.dispose([x, model, again]);
  });
  it("refuses weights whose sha256 changed", async () => {
    const model = lab.transfer.createSmallCnn(3);
    await lab.transfer.saveModel(model, dir);
    const file = path.join(dir, "weights.bin");
    const bytes = fs.readFileSync(file);
    bytes[100] ^= 0xff;
    fs.writeFileSync(file, bytes);
    await assert.rejects(lab.transfer.loadModel(dir), (e) => e.name === "TrainlabError" && /sha256/.test(e.message));
    model.dispose();
  });
  it("reads a folder saved before metadata.json (trainlab block in model.json, card.json) and still checks its sha256", async () => {
    const model = lab.transfer.createSmallCnn(3, { seed: 2 });
    const hash = await lab.transfer.saveModel(model, dir);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ ...json, trainlab: { weightsSha256: hash } }));
    fs.writeFileSync(path.join(dir, "card.json"), JSON.stringify({ name: "old" }));
    fs.rmSync(path.join(dir, "metadata.json"));
    assert.deepEqual(lab.transfer.readModelMetadata(dir), { weightsSha256: hash, card: { name: "old" } });
    (await lab.transfer.loadModel(dir)).dispose();
    const bytes = fs.readFileSync(path.join(dir, "weights.bin"));
    bytes[7] ^= 0xff;
    fs.writeFileSync(path.join(dir, "weights.bin"), bytes);
    await assert.rejects(lab.transfer.loadModel(dir), /sha256/);
    model.dispose();
  });
  it("explains a folder without model.json", async () => {
    await assert.rejects(lab.transfer.loadModel(path.join(dir, "nothing")), /No model\.json/);
  });
});

describe("transfer: cut, freeze, add a head, fine-tune", function () {
  this.timeout(60000);
  let data;
  before(async () => {
    await tf.setBackend("cpu");
    lab.transfer.useFastConvGrad();
    data = fashion([5, 6, 7, 8, 9], 64);
  });
  after(() => data.x.dispose());

  it("cutAt returns the base up to a layer, sharing its weights; unknown names are explained", async () => {
    const base = await lab.transfer.loadBaseModel();
    const cut = lab.transfer.cutAt(base, "features");
    assert.deepEqual(cut.outputs[0].shape, [null, 400]);
    assert.equal(cut.getLayer("conv1"), base.getLayer("conv1"));
    assert.throws(() => lab.transfer.cutAt(base, "conv9"), /No layer named "conv9".*conv1, pool1/);
    base.dispose();
  });

  it("frozen layers do not change during fitClassifier; the new head does", async () => {
    const base = await lab.transfer.loadBaseModel();
    const model = lab.transfer.addHead(lab.transfer.cutAt(base, "embedding"), 5, { seed: 3 });
    const frozen = lab.transfer.freeze(model, { upTo: "embedding" });
    assert.deepEqual(frozen, ["conv1", "conv2", "embedding"]);
    const before = weightsOf(model, ["conv1", "conv2", "embedding", "new_head"]);
    const tensors = tf.memory().numTensors;
    const history = await lab.transfer.fitClassifier(model, data.x, data.y, { epochs: 2, learningRate: 0.01 });
    assert.equal(tf.memory().numTensors, tensors, "fitClassifier leaks no tensors");
    const after = weightsOf(model, ["conv1", "conv2", "embedding", "new_head"]);
    for (const n of ["conv1", "conv2", "embedding"]) assert.deepEqual(after[n], before[n], `${n} changed while frozen`);
    assert.notDeepEqual(after.new_head, before.new_head);
    assert.equal(history.history.loss.length, 2);
    assert.deepEqual(history.epoch, [0, 1], "lab.train.fit's history");
    base.dispose();
  });

  it("frozen layers also stay unchanged under tfjs's own model.fit after compile", async () => {
    const base = await lab.transfer.loadBaseModel();
    const model = lab.transfer.addHead(lab.transfer.cutAt(base, "features"), 5, { hidden: 16, prefix: "mine" });
    lab.transfer.freeze(model, { layers: ["conv1", "conv2"] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "sparseCategoricalCrossentropy" });
    const before = weightsOf(model, ["conv1", "conv2", "mine_hidden"]);
    await model.fit(data.x, tf.tensor1d(data.y), { epochs: 1, batchSize: 16, verbose: 0 });
    const after = weightsOf(model, ["conv1", "conv2", "mine_hidden"]);
    assert.deepEqual(after.conv1, before.conv1);
    assert.deepEqual(after.conv2, before.conv2);
    assert.notDeepEqual(after.mine_hidden, before.mine_hidden);
    assert.deepEqual(lab.transfer.layerSummary(model).filter((l) => !l.trainable).map((l) => l.name), ["conv1", "conv2"]);
    base.dispose();
  });

  it("fitDiscriminative: rate 0 keeps a layer, a small rate moves it less than a large one", async () => {
    const model = lab.transfer.createSmallCnn(5, { seed: 11 });
    const before = weightsOf(model, ["conv1", "conv2", "head"]);
    await lab.transfer.fitDiscriminative(model, data.x, data.y, { epochs: 1, learningRate: 0.01, learningRates: { conv1: 0, conv2: 0.0001 } });
    const after = weightsOf(model, ["conv1", "conv2", "head"]);
    assert.deepEqual(after.conv1, before.conv1);
    const move = (n) => Math.max(...after[n][0].map((v, i) => Math.abs(v - before[n][0][i])));
    assert.ok(move("conv2") > 0 && move("conv2") < move("head") / 10, `conv2 moved ${move("conv2")}, head ${move("head")}`);
    await assert.rejects(lab.transfer.fitDiscriminative(model, data.x, data.y, { learningRates: { nope: 1 } }), /lacks/);
    model.dispose();
  });

  it("fineTuneTwoPhase trains the head, then the whole network, and lowers the loss", async () => {
    const base = await lab.transfer.loadBaseModel();
    const model = lab.transfer.addHead(lab.transfer.cutAt(base, "embedding"), 5);
    const before = weightsOf(model, ["conv1"]);
    const { phase1, phase2 } = await lab.transfer.fineTuneTwoPhase(model, data.x, data.y, { baseUpTo: "embedding", phase1: { epochs: 3 }, phase2: { epochs: 1 } });
    assert.ok(phase1.history.loss[2] < phase1.history.loss[0]);
    assert.notDeepEqual(weightsOf(model, ["conv1"]).conv1, before.conv1, "phase 2 unfreezes the base");
    assert.ok(phase2.history.loss[0] < phase1.history.loss[0]);
    base.dispose();
  });

  it("a head's dropout draws a new mask at every step, and a seeded fit still repeats exactly", async () => {
    // A negligible learning rate (0 would freeze the head): the loss moves only with the dropout mask.
    const base = await lab.transfer.loadBaseModel();
    const run = async (seed) => {
      const model = lab.transfer.addHead(lab.transfer.cutAt(base, "embedding"), 5, { hidden: 32, dropout: 0.5, seed: 3 });
      lab.transfer.freeze(model, { upTo: "embedding" });
      return (await lab.transfer.fitClassifier(model, data.x, data.y, { epochs: 3, batchSize: 1000, learningRate: 1e-9, seed })).history.loss;
    };
    const spread = (xs) => Math.max(...xs) - Math.min(...xs);
    const a = await run(1);
    // One mask for every step would leave the losses equal to ~1e-7 (the steps are negligible).
    assert.ok(spread(a) > 1e-3, `the loss changes from step to step with the mask: ${a}`);
    assert.deepEqual(await run(1), a, "same seed, same run");
    assert.ok(Math.abs((await run(2))[0] - a[0]) > 1e-3, "another seed, other masks");
    const head = lab.transfer.addHead(lab.transfer.cutAt(base, "embedding"), 5, { dropout: 0.5 });
    const masks = tf.tidy(() => {
      const ones = tf.ones([1, 16]);
      return [0, 1].map(() => head.getLayer("new_dropout").apply(ones, { training: true }).dataSync().join());
    });
    assert.notEqual(masks[0], masks[1], "the dropout layer itself draws a new mask per call");
    base.dispose();
  });
  it("mismatched x and y are explained", async () => {
    const model = lab.transfer.createSmallCnn(5);
    await assert.rejects(lab.transfer.fitClassifier(model, data.x, [1, 2, 3]), /64 examples but y has 3/);
    model.dispose();
  });
});

describe("transfer.useFastConvGrad", () => {
  it("computes the same filter gradient as the definition", async () => {
    await tf.setBackend("cpu");
    lab.transfer.useFastConvGrad();
    for (const [xs, fs_, stride, pad] of [[[2, 7, 6, 2], [3, 3, 2, 4], 1, "valid"], [[2, 9, 8, 3], [3, 2, 3, 2], 2, "same"]]) {
      const x = tf.randomUniform(xs, -1, 1, "float32", 1);
      const f = tf.randomUniform(fs_, -1, 1, "float32", 2);
      const dy = tf.conv2d(x, f, stride, pad); // use the output as upstream gradient: d/df sum(y*dy_const)
      const dyc = tf.randomUniform(dy.shape, -1, 1, "float32", 3);
      const grad = tf.grad((ff) => tf.sum(tf.mul(tf.conv2d(x, ff, stride, pad), dyc)))(f).arraySync();
      // Reference: dW[r][c][i][o] = Σ_b,y,x X[b, y*s + r - top, x*s + c - left, i] · DY[b, y, x, o]
      const X = x.arraySync();
      const D = dyc.arraySync();
      const [, H, W] = xs;
      const [fh, fw, cin, cout] = fs_;
      const [, oh, ow] = dy.shape;
      const top = pad === "same" ? Math.floor(Math.max((oh - 1) * stride + fh - H, 0) / 2) : 0;
      const left = pad === "same" ? Math.floor(Math.max((ow - 1) * stride + fw - W, 0) / 2) : 0;
      for (let r = 0; r < fh; r++) for (let c = 0; c < fw; c++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) {
        let s = 0;
        for (let b = 0; b < xs[0]; b++) for (let yy = 0; yy < oh; yy++) for (let xx = 0; xx < ow; xx++) {
          const xr = yy * stride + r - top;
          const xc = xx * stride + c - left;
          if (xr >= 0 && xr < H && xc >= 0 && xc < W) s += X[b][xr][xc][i] * D[b][yy][xx][o];
        }
        assert.ok(Math.abs(grad[r][c][i][o] - s) < 1e-4, `dW[${r}][${c}][${i}][${o}] = ${grad[r][c][i][o]}, expected ${s}`);
      }
      tf.dispose([x, f, dy, dyc]);
    }
  });
});
