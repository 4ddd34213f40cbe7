import { TrainlabError } from "../errors";
import { figure, Figure, Layout, PlotOptions, Trace } from "./plot";

/** Options of {@link overlay} and {@link sideBySide}. */
export interface ComposeOptions extends PlotOptions {
  /** Title of the whole figure. Default: overlay keeps the first figure's; sideBySide has none. */
  title?: string;
}

/**
 * One figure holding every trace of `figures` on the same axes (a learning curve over another):
 * `lab.display.overlay([a, b])`. Axis titles and the rest of the layout come from the first figure.
 */
export function overlay(figures: Figure[], options: ComposeOptions = {}): Figure {
  _checkFigures(figures, "overlay");
  figures.forEach((f, i) => {
    if (_axesOf(f).length > 1) throw new TrainlabError(`overlay: figure ${i + 1} has ${_axesOf(f).length} panels; overlay figures with one plot each, or put them side by side with lab.display.sideBySide.`);
  });
  const traces = figures.flatMap((f) => f.data.map(({ xaxis, yaxis, ...t }) => t as Trace));
  const { title, ...layout } = figures[0].layout;
  return figure(traces, { ...layout, title: options.title ?? title }, options);
}

/**
 * One figure with `figures` in columns, each keeping its own axes, axis titles and panels, its
 * title above it: `lab.display.sideBySide([a, b])`.
 */
export function sideBySide(figures: Figure[], options: ComposeOptions = {}): Figure {
  _checkFigures(figures, "sideBySide");
  const gap = 0.08;
  const width = (1 - gap * (figures.length - 1)) / figures.length;
  const traces: Trace[] = [];
  const layout: Layout = { annotations: [], shapes: [] };
  let next = 1;
  figures.forEach((f, i) => {
    const left = i * (width + gap);
    const axes = _axesOf(f);
    const rename = new Map<string, string>();
    axes.forEach((suffix, k) => {
      const n = next++;
      rename.set(suffix, n === 1 ? "" : String(n));
      const [d0, d1] = _domain(f.layout, suffix, k, axes.length);
      const x = { ...((f.layout[`xaxis${suffix}`] as object) ?? {}) } as Record<string, unknown>;
      const y = { ...((f.layout[`yaxis${suffix}`] as object) ?? {}) } as Record<string, unknown>;
      layout[`xaxis${n === 1 ? "" : n}`] = { ...x, domain: [left + d0 * width, left + d1 * width], anchor: `y${n === 1 ? "" : n}` };
      layout[`yaxis${n === 1 ? "" : n}`] = { ...y, anchor: `x${n === 1 ? "" : n}` };
    });
    const ref = (axis: unknown, letter: "x" | "y") => `${letter}${rename.get(String(axis ?? letter).slice(1)) ?? ""}`;
    for (const t of f.data) traces.push({ ...t, xaxis: ref(t.xaxis, "x"), yaxis: ref(t.yaxis, "y") });
    for (const s of (f.layout.shapes as Record<string, unknown>[] | undefined) ?? []) {
      (layout.shapes as unknown[]).push({ ...s, xref: ref(s.xref, "x"), yref: ref(s.yref, "y") });
    }
    const title = _titleText(f.layout.title);
    if (title) (layout.annotations as unknown[]).push({ text: title, x: left + width / 2, y: 1.02, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 } });
  });
  if (options.title) layout.title = options.title;
  layout.height = Math.max(...figures.map((f) => (typeof f.layout.height === "number" ? f.layout.height : 360)));
  if (figures.some((f) => f.layout.barmode)) layout.barmode = figures.find((f) => f.layout.barmode)!.layout.barmode;
  layout.margin = { t: options.title ? 80 : 56, r: 24, b: 48, l: 56 };
  return figure(traces, layout, options);
}

function _checkFigures(figures: Figure[], what: string): void {
  if (!Array.isArray(figures) || figures.length === 0 || figures.some((f) => !f || !Array.isArray(f.data) || typeof f.layout !== "object")) {
    throw new TrainlabError(`${what} takes an array of figures (what lab.display.figure and every xxxFigure helper return), e.g. ${what}([a, b]).`);
  }
}

/** The axis suffixes a figure's traces use, in order: "" for x/y, "2" for x2/y2, … */
function _axesOf(f: Figure): string[] {
  const seen = new Set<string>();
  for (const t of f.data) seen.add(String(t.xaxis ?? "x").slice(1));
  if (seen.size === 0) seen.add("");
  return [...seen].sort((a, b) => Number(a || 1) - Number(b || 1));
}

/** The horizontal domain of one of a figure's x axes: its own, or its column in a one-row grid. */
function _domain(layout: Layout, suffix: string, k: number, count: number): [number, number] {
  const own = (layout[`xaxis${suffix}`] as { domain?: [number, number] } | undefined)?.domain;
  if (own) return own;
  if (count === 1) return [0, 1];
  const pad = 0.04;
  return [k / count + (k ? pad : 0), (k + 1) / count - (k < count - 1 ? pad : 0)];
}

function _titleText(title: unknown): string {
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && typeof (title as { text?: unknown }).text === "string") return (title as { text: string }).text;
  return "";
}
