import * as fs from "fs";
import { currentFrontend, displayBundle, newDisplayId } from "./jupyter";

/** A plotly trace (https://plotly.com/javascript/reference/): `{type, x, y, name, …}`. */
export type Trace = Record<string, unknown>;
/** A plotly layout: `{title, xaxis: {title}, yaxis, height, …}`. */
export type Layout = Record<string, unknown>;

export interface PlotOptions {
  /** Plotly config (https://plotly.com/javascript/configuration-options/). Default: responsive, no logo. */
  config?: Record<string, unknown>;
  /** Height of the figure in pixels when the layout sets none. Default 360. */
  height?: number;
}

/** A figure ready to show: its plotly JSON, its HTML, and a one-line text summary. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  config: Record<string, unknown>;
  /**
   * The MIME bundle a Jupyter frontend renders. Its HTML carries plotly.js when `withPlotly` is
   * true; by default, only the first figure sent to each frontend (page) does.
   */
  bundle(withPlotly?: boolean): Record<string, unknown>;
  /** The display protocol: what a cell shows when the figure is its last expression (same as `bundle()`). */
  toMimeBundle(): Record<string, unknown>;
  /** A line of text describing the figure, for terminals. */
  toString(): string;
}

/**
 * Shows a plotly figure: `plot([{x, y, type: "scatter", name: "loss"}], {title: "Loss"})`.
 * Sends the plotly MIME type (JupyterLab with plotly, VS Code) with an HTML fallback (classic
 * Notebook, nbconvert HTML) that draws with the page's plotly.js, or loads it from the Jupyter
 * server (`kernel/nbextensions/trainlab/`) when the page lacks it; prints a summary in a terminal.
 */
export function plot(traces: Trace[], layout: Layout = {}, options: PlotOptions = {}): void {
  const fig = figure(traces, layout, options);
  if (!displayBundle(fig.bundle())) console.log(fig.toString());
}

/** Builds a figure without showing it (for live updates and tests). */
export function figure(traces: Trace[], layout: Layout = {}, options: PlotOptions = {}): Figure {
  const fullLayout: Layout = { height: options.height ?? 360, margin: { t: 48, r: 24, b: 48, l: 56 }, ...withTitleObjects(layout) };
  const config = { responsive: true, displaylogo: false, ...options.config };
  const data = traces.map(plainTrace);
  return {
    data,
    layout: fullLayout,
    config,
    bundle(withPlotly = claimPlotly()) {
      return {
        "application/vnd.plotly.v1+json": { data, layout: fullLayout, config },
        "text/html": (withPlotly ? plotlyScript() : "") + figureHtml(data, fullLayout, config),
        "text/plain": summary(data, fullLayout),
      };
    },
    toMimeBundle() {
      return this.bundle();
    },
    toString() {
      return summary(data, fullLayout);
    },
  };
}

/** The frontends (Jupyter client sessions) that were sent plotly.js; "" = a client that names none. */
const plotlySentTo = new Set<string>();

/**
 * True for the first figure sent to each frontend: that figure inlines plotly.js, so a saved
 * notebook and its nbconvert HTML export draw offline. A reloaded page or a second tab is a new
 * client session, so it gets plotly.js again; figures that reach a page without it load it from
 * the Jupyter server (see figureHtml).
 */
export function claimPlotly(): boolean {
  const frontend = currentFrontend() ?? "";
  if (plotlySentTo.has(frontend)) return false;
  plotlySentTo.add(frontend);
  return true;
}

/** Forgets which frontends were sent plotly.js (for tests; a new kernel starts with none). */
export function _resetPlotlySent(): void {
  plotlySentTo.clear();
}

/** Where the Jupyter server serves plotly.js: `kernel/nbextensions/trainlab/`, found through JUPYTER_PATH. */
export const PLOTLY_NBEXTENSION = "nbextensions/trainlab/plotly-cartesian.min.js";

function figureHtml(data: Trace[], layout: Layout, config: Record<string, unknown>): string {
  const id = newDisplayId();
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");
  const height = typeof layout.height === "number" ? `${layout.height}px` : "360px";
  return (
    `<div id="${id}" class="trainlab-plot" style="width:100%;height:${height}"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var el = document.getElementById(${json(id)});\n` +
    `  if (!el) return;\n` +
    `  var draw = function () { el.textContent = ""; el.style.height = ${json(height)}; window.Plotly.newPlot(el, ${json(data)}, ${json(layout)}, ${json(config)}); };\n` +
    `  if (window.Plotly) return draw();\n` +
    LOADER +
    `})();</script>`
  );
}

/**
 * Runs in a page without window.Plotly: queues the draw (a plotly.js inlined further down the
 * page flushes the queue) and, in a page served by Jupyter (Notebook 6 sets data-base-url),
 * loads plotly.js once from the server. A plain script tag: plotly's UMD wrapper sets
 * window.Plotly even where require.js is present.
 */
const LOADER =
  `  var w = window, queue = (w.trainlabPlotlyQueue = w.trainlabPlotlyQueue || []);\n` +
  `  queue.push(draw);\n` +
  `  el.style.height = "auto";\n` +
  `  el.textContent = "Loading plotly.js\u2026";\n` +
  `  var base = document.body && document.body.getAttribute("data-base-url");\n` +
  `  var fail = function () { el.textContent = "This figure needs plotly.js, which Trainlab serves from the Jupyter server it starts (npm start). Open the notebook there, or run it again (Kernel \\u2192 Restart & Run All)."; };\n` +
  `  if (base === null) return fail();\n` +
  `  if (w.trainlabPlotlyLoading) return;\n` +
  `  w.trainlabPlotlyLoading = true;\n` +
  `  var s = document.createElement("script");\n` +
  `  s.src = base.replace(/\\/?$/, "/") + ${JSON.stringify(PLOTLY_NBEXTENSION)};\n` +
  `  s.onload = function () { w.trainlabPlotlyLoading = false; var q = w.trainlabPlotlyQueue.splice(0); for (var i = 0; i < q.length; i++) q[i](); };\n` +
  `  s.onerror = function () { w.trainlabPlotlyLoading = false; fail(); };\n` +
  `  document.head.appendChild(s);\n`;

/** The plotly.js bundle (cartesian: scatter, bar, heatmap, histogram, box, contour) as an inline script. */
function plotlyScript(): string {
  const file = require.resolve("plotly.js-cartesian-dist-min/plotly-cartesian.min.js");
  const source = fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
  // Shadow AMD/CommonJS globals (require.js in classic Notebook) so the bundle sets window.Plotly;
  // then draw the figures that reached the page before it (queued by figureHtml).
  return (
    `<script type="text/javascript">(function () { var define = undefined, module = undefined, exports = undefined;\n${source}\n}).call(window);\n` +
    `(function () { var q = window.trainlabPlotlyQueue; if (q && window.Plotly) { q = q.splice(0); for (var i = 0; i < q.length; i++) q[i](); } })();</script>\n`
  );
}

/** plotly.js 3+ ignores `title: "text"`; it needs `title: {text}` (for the figure and each axis). */
function withTitleObjects(layout: Layout): Layout {
  const out: Layout = { ...layout };
  if (typeof out.title === "string") out.title = { text: out.title };
  for (const key of Object.keys(out)) {
    const axis = out[key];
    if (/^[xy]axis\d*$/.test(key) && axis && typeof axis === "object" && typeof (axis as Layout).title === "string") {
      out[key] = { ...(axis as Layout), title: { text: (axis as Layout).title } };
    }
  }
  return out;
}

function plainTrace(trace: Trace): Trace {
  const out: Trace = {};
  for (const [k, v] of Object.entries(trace)) {
    out[k] = ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v;
  }
  return out;
}

function summary(data: Trace[], layout: Layout): string {
  const title = titleOf(layout.title);
  const traces = data.map((t) => {
    const n = Array.isArray(t.y) ? t.y.length : Array.isArray(t.z) ? t.z.length : Array.isArray(t.x) ? t.x.length : 0;
    return `${t.name ? `'${String(t.name)}' ` : ""}${String(t.type ?? "scatter")} (${n} points)`;
  });
  return `[figure${title ? `: ${title}` : ""} — ${traces.join(", ") || "no traces"}]`;
}

function titleOf(title: unknown): string {
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && "text" in title) return String((title as { text: unknown }).text);
  return "";
}

