// The display protocol: toMimeBundle(), and the duck-typed views of values kernel-ext does not own
// (tensors, arquero tables, tf.LayersModel, training histories), plus lab.show and plotly.js per frontend.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tslabJupyter = require("tslab/dist/jupyter");
const plotModule = require("../../../kernel-ext/dist/display/plot.js");
const { tf } = lab;
const { mimeBundleOf } = lab.display;
const FRONTEND = Symbol.for("trainlab.frontend");

function captured(fn) {
  const sent = [];
  tslabJupyter.lastWriteDisplayData = (content) => sent.push(content);
  try {
    fn();
  } finally {
    tslabJupyter.lastWriteDisplayData = null;
  }
  return sent;
}

describe("display protocol", () => {
  let before;
  beforeEach(async () => {
    await tf.setBackend("cpu");
    before = tf.memory().numTensors;
  });

  it("uses an object's toMimeBundle(), adding text/plain when it has none", () => {
    const shown = { toMimeBundle: () => ({ "text/html": "<b>hi</b>" }) };
    assert.deepEqual(Object.keys(mimeBundleOf(shown)), ["text/html", "text/plain"]);
    assert.equal(mimeBundleOf({ toMimeBundle: () => ({ "text/plain": "x" }) })["text/plain"], "x");
    assert.throws(() => mimeBundleOf({ toMimeBundle: () => "nope" }), /toMimeBundle\(\) must return an object/);
  });

  it("leaves plain values to be printed as text", () => {
    for (const v of [1, "s", null, undefined, [1, 2], { a: 1 }, new Map([[1, 2]]), new Date(0)]) assert.equal(mimeBundleOf(v), null);
  });

  it("a Figure shows its plotly JSON first, then HTML and text", () => {
    const bundle = lab.figure([{ y: [1, 2] }], { title: "t" }).toMimeBundle();
    assert.deepEqual(Object.keys(bundle), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    assert.deepEqual(mimeBundleOf(lab.figure([{ y: [1] }]))["application/vnd.plotly.v1+json"].data, [{ y: [1] }]);
  });

  it("a tensor shows dtype, shape and values, without creating, keeping or disposing tensors", () => {
    const t = tf.tensor([[1, 2], [3, 4]]);
    const n = tf.memory().numTensors;
    const bundle = mimeBundleOf(t);
    assert.equal(bundle["text/plain"], "Tensor float32 [2, 2]\n[[1, 2],\n [3, 4]]");
    assert.match(bundle["text/html"], /Tensor <b>float32<\/b> shape \[2, 2\]/);
    assert.equal(tf.memory().numTensors, n);
    assert.equal(t.isDisposed, false);
    assert.deepEqual(t.arraySync(), [[1, 2], [3, 4]]);
    t.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("a large tensor is abbreviated; int, bool, string and scalar tensors and variables show too", () => {
    const big = tf.range(0, 10000, 1, "int32").reshape([100, 100]);
    const text = mimeBundleOf(big)["text/plain"];
    assert.match(text, /^Tensor int32 \[100, 100\]\n/);
    assert.match(text, /\.\.\./);
    assert.ok(text.split("\n").length < 12, "rows abbreviated too");
    assert.ok(!text.includes("5050"), "middle values left out");
    const v = tf.variable(tf.tensor([true, false]));
    assert.equal(mimeBundleOf(v)["text/plain"], "Tensor bool [2]\n[true, false]");
    assert.equal(mimeBundleOf(tf.scalar(2.5))["text/plain"], "Tensor float32 []\n2.5");
    assert.equal(mimeBundleOf(tf.tensor(["a", "<b>"]))["text/plain"], "Tensor string [2]\n['a', '<b>']");
    assert.match(mimeBundleOf(tf.tensor(["<b>"]))["text/html"], /&lt;b&gt;/);
    tf.disposeVariables();
    tf.dispose(big);
  });

  it("a disposed tensor says so instead of throwing", () => {
    const t = tf.ones([3]);
    t.dispose();
    assert.equal(mimeBundleOf(t)["text/plain"], "Tensor float32 [3] (disposed: its values are gone)");
  });

  it("an arquero table shows as Trainlab's table", async () => {
    const aq = await import("arquero");
    const bundle = mimeBundleOf(aq.table({ a: [1, 2, 3], b: ["x", "y", "z"] }));
    assert.match(bundle["text/html"], /class="trainlab-table"/);
    assert.match(bundle["text/plain"], /3 rows × 2 columns/);
  });

  it("a tf.LayersModel shows a summary: layers, output shapes, parameters (as Keras counts them)", () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] }), tf.layers.batchNormalization(), tf.layers.dense({ units: 1 })] });
    const text = mimeBundleOf(model)["text/plain"];
    // Keras: Dense(4→3) 15, BatchNormalization(3) 12 (6 trainable, 6 not), Dense(3→1) 4.
    assert.match(text, /Dense\s+\[null, 3\]\s+15/);
    assert.match(text, /BatchNormalization\s+\[null, 3\]\s+12/);
    assert.match(text, /Total params: 31 · trainable: 25 · non-trainable: 6/);
    assert.equal(model.countParams(), 31);
    model.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("a training history shows its curves and a summary line (Trainlab's and tfjs' histories)", async () => {
    const h = { epoch: [0, 1, 2], history: { loss: [1, 0.5, 0.25], val_acc: [0.5, 0.7, 0.9] }, lr: [], epochMs: [], backend: "cpu", stopReason: "early stopping" };
    const bundle = mimeBundleOf(h);
    assert.equal(Object.keys(bundle)[0], "application/vnd.plotly.v1+json");
    const fig = bundle["application/vnd.plotly.v1+json"];
    assert.deepEqual(fig.data.map((t) => [t.name, t.x, t.y, t.yaxis]), [["loss", [1, 2, 3], [1, 0.5, 0.25], undefined], ["val_acc", [1, 2, 3], [0.5, 0.7, 0.9], "y2"]]);
    assert.equal(bundle["text/plain"], "History: 3 epochs on cpu · loss 1 → 0.25 · val_acc 0.5 → 0.9 · stopped: early stopping");
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const x = tf.tensor2d([[1], [2]]);
    const y = tf.tensor2d([[2], [4]]);
    const tfHistory = await model.fit(x, y, { epochs: 2, verbose: 0 });
    assert.match(mimeBundleOf(tfHistory)["text/plain"], /^History: 2 epochs · loss [\d.]+ → [\d.]+$/);
    tf.dispose([x, y]);
    model.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("a data profile shows its HTML report (objects with toHTML())", async () => {
    const aq = await import("arquero");
    const bundle = mimeBundleOf(lab.data.profile(aq.table({ a: [1, null, 3] })));
    assert.match(bundle["text/html"], /<table|<div/);
    assert.ok(bundle["text/plain"].length > 0 && !bundle["text/plain"].includes("<"));
  });

  it("lab.show sends the bundle in a notebook and prints text elsewhere", () => {
    const t = tf.tensor([1, 2]);
    const printed = [];
    const [msg] = captured(() => {
      const log = console.log;
      console.log = (...a) => printed.push(a);
      try {
        lab.show(t);
        lab.show({ plain: true });
      } finally {
        console.log = log;
      }
    });
    assert.deepEqual(printed, [[{ plain: true }]], "a plain value prints as before");
    assert.equal(msg.data["text/plain"], "Tensor float32 [2]\n[1, 2]");
    const lines = [];
    const log = console.log;
    console.log = (...a) => lines.push(a.join(" "));
    try {
      lab.show(t);
      lab.show({ plain: true });
    } finally {
      console.log = log;
    }
    assert.equal(lines.length, 2);
    assert.equal(lines[0], "Tensor float32 [2]\n[1, 2]");
    t.dispose();
  });
});

describe("plotly.js per frontend", () => {
  beforeEach(() => plotModule._resetPlotlySent());
  afterEach(() => delete globalThis[FRONTEND]);
  const inline = (msg) => /window\.Plotly = Plotly/.test(msg.data["text/html"]);

  it("inlines plotly.js in the first figure sent to each client session (a reload is a new one)", () => {
    const sent = captured(() => {
      for (const session of ["page-1", "page-1", "page-2", "page-1", "page-2"]) {
        globalThis[FRONTEND] = session;
        lab.plot([{ y: [1] }]);
      }
    });
    assert.deepEqual(sent.map(inline), [true, false, true, false, false]);
  });

  it("a figure without plotly.js queues its draw and loads plotly.js from the Jupyter server", () => {
    const html = lab.figure([{ y: [1] }]).bundle(false)["text/html"];
    assert.match(html, /trainlabPlotlyQueue/);
    assert.match(html, /data-base-url/);
    assert.match(html, /nbextensions\/trainlab\/plotly-cartesian\.min\.js/);
    assert.ok(html.length < 5000, "no plotly.js inside");
  });
});
