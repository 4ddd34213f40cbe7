// Display helpers: the MIME bundles they send through tslab's display writer, and their text fallback.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tslabJupyter = require("tslab/dist/jupyter");
const plotModule = require("../../../kernel-ext/dist/display/plot.js");

/** Captures what a display helper sends while `fn` runs, as a Jupyter frontend would receive it. */
function captured(fn) {
  const sent = [];
  tslabJupyter.lastWriteDisplayData = (content, update) => sent.push({ ...content, update });
  try {
    fn();
  } finally {
    tslabJupyter.lastWriteDisplayData = null;
  }
  return sent;
}

function capturedConsole(fn) {
  const lines = [];
  const log = console.log;
  console.log = (...args) => lines.push(args.join(" "));
  try {
    fn();
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}

describe("display", () => {
  beforeEach(() => plotModule._resetPlotlySent());

  it("plot sends the plotly MIME type, an HTML fallback and text", () => {
    const [msg] = captured(() => lab.plot([{ x: [1, 2, 3], y: [4, 5, 6], name: "loss" }], { title: "Loss" }));
    const fig = msg.data["application/vnd.plotly.v1+json"];
    assert.deepEqual(fig.data, [{ x: [1, 2, 3], y: [4, 5, 6], name: "loss" }]);
    assert.deepEqual(fig.layout.title, { text: "Loss" }, "plotly.js 3+ needs title objects");
    assert.match(msg.data["text/html"], /Plotly\.newPlot/);
    assert.equal(msg.data["text/plain"], "[figure: Loss — 'loss' scatter (3 points)]");
    assert.equal(msg.update, false);
  });

  it("inlines plotly.js with the first figure of a session only", () => {
    const sent = captured(() => {
      lab.plot([{ y: [1] }]);
      lab.plot([{ y: [2] }]);
    });
    assert.match(sent[0].data["text/html"], /window\.Plotly = Plotly/);
    assert.ok(sent[0].data["text/html"].length > 1_000_000, "the bundle is inline: no network needed");
    assert.doesNotMatch(sent[1].data["text/html"], /window\.Plotly = Plotly/);
  });

  it("plot converts typed arrays to plain arrays", () => {
    const [msg] = captured(() => lab.plot([{ y: new Float32Array([0.5, 1.5]) }]));
    assert.deepEqual(msg.data["application/vnd.plotly.v1+json"].data[0].y, [0.5, 1.5]);
  });

  it("plot prints a summary outside Jupyter", () => {
    assert.equal(capturedConsole(() => lab.plot([{ y: [1, 2], type: "bar" }], { title: { text: "Counts" } })), "[figure: Counts — bar (2 points)]");
  });

  it("table shows typed columns, truncates rows and escapes HTML", () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ n: i, name: i === 0 ? "<b>x</b>" : `r${i}` }));
    const [msg] = captured(() => lab.table(rows, { maxRows: 3 }));
    const html = msg.data["text/html"];
    assert.equal((html.match(/<tr>/g) || []).length, 1 + 3);
    assert.match(html, /number/);
    assert.match(html, /&lt;b&gt;x&lt;\/b&gt;/);
    assert.match(html, /25 rows × 2 columns · first 3 shown/);
  });

  it("table takes an arquero table", async () => {
    const aq = await import("arquero");
    const t = aq.table({ a: [1.23456, 2], b: ["u", "v"] });
    const { text } = lab.display.tableView(t, { digits: 2 });
    assert.equal(text, "   a  b\n1.23  u\n   2  v\n2 rows × 2 columns");
  });

  it("progress updates one display in place", () => {
    const sent = captured(() => {
      const bar = lab.progress({ total: 4, label: "epochs", throttleMs: 0 });
      for (let i = 1; i <= 4; i++) bar.update(i, `loss ${i}`);
      bar.close();
      bar.update(99);
    });
    const ids = new Set(sent.map((m) => m.transient.display_id));
    assert.equal(ids.size, 1);
    assert.deepEqual(sent.map((m) => m.update), [false, true, true, true, true]);
    assert.match(sent.at(-1).data["text/plain"], /^epochs 4\/4 \(100%\) · [\d.]+s · loss 4$/);
    assert.match(sent.at(-1).data["text/html"], /<progress value="4" max="4"/);
  });

  it("progress throttles redraws but always draws the final state", () => {
    const sent = captured(() => {
      const bar = lab.progress({ total: 1000, throttleMs: 60_000 });
      for (let i = 1; i <= 1000; i++) bar.update(i);
      bar.close();
    });
    assert.equal(sent.length, 2);
    assert.match(sent[1].data["text/plain"], /1000\/1000/);
  });

  it("progress rejects a total that is not positive", () => {
    assert.throws(() => lab.progress({ total: 0 }), /total must be a positive number/);
  });

  it("liveFigure redraws in place; plotly.js is in its first and final output only", () => {
    const sent = captured(() => {
      const live = lab.liveFigure({ title: "live" }, { throttleMs: 0 });
      live.update([{ y: [1] }]);
      live.update([{ y: [1, 2] }]);
      live.close();
    });
    assert.equal(new Set(sent.map((m) => m.transient.display_id)).size, 1);
    assert.deepEqual(sent.map((m) => m.update), [false, true, true]);
    assert.deepEqual(sent.map((m) => /window\.Plotly = Plotly/.test(m.data["text/html"])), [true, false, true]);
    assert.deepEqual(sent.at(-1).data["application/vnd.plotly.v1+json"].data, [{ y: [1, 2] }]);
  });

  it("markdown and html send their MIME types", () => {
    const sent = captured(() => {
      lab.markdown("# Hi");
      lab.html("<b>bold</b>");
    });
    assert.equal(sent[0].data["text/markdown"], "# Hi");
    assert.equal(sent[1].data["text/html"], "<b>bold</b>");
    assert.equal(sent[1].data["text/plain"], "bold");
  });
});
