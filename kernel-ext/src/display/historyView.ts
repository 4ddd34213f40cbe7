import { escapeHtml, MimeBundle } from "./jupyter";
import { figure, Trace } from "./plot";

/** What the history view reads: Trainlab's fit() history or tfjs' tf.History (duck-typed). */
export interface HistoryLike {
  /** Epoch numbers (0-based) that finished. */
  epoch: number[];
  /** Each metric's value per epoch. */
  history: Record<string, unknown[]>;
  /** Why training stopped early, when it did. */
  stopReason?: string;
  /** The backend that trained. */
  backend?: string;
}

/** True for a training history: `{ epoch: number[], history: { loss: number[], … } }`. */
export function isHistoryLike(value: unknown): value is HistoryLike {
  const v = value as Partial<HistoryLike>;
  return !!v && typeof v === "object" && Array.isArray(v.epoch) && !!v.history && typeof v.history === "object" &&
    Object.values(v.history).every(Array.isArray);
}

/**
 * A training history as a cell shows it: the metric curves per epoch (plotly, losses and other
 * metrics on separate axes) above a line with each metric's first → last value.
 */
export function historyBundle(h: HistoryLike): MimeBundle {
  const metrics = Object.entries(h.history).map(([name, values]) => [name, values.map(Number)] as const);
  const epochs = h.epoch.map((e) => e + 1);
  const isLoss = (name: string) => /loss/i.test(name);
  const traces: Trace[] = metrics.map(([name, values]) => ({
    x: epochs, y: values, name, type: "scatter", mode: "lines", ...(isLoss(name) ? {} : { yaxis: "y2" }),
  }));
  const others = metrics.some(([name]) => !isLoss(name));
  const summary = historySummary(h);
  const fig = figure(traces, {
    title: "Training history",
    xaxis: { title: "epoch" },
    yaxis: { title: "loss" },
    ...(others ? { yaxis2: { title: "metric", overlaying: "y", side: "right" } } : {}),
  });
  const bundle = fig.bundle();
  return {
    ...bundle,
    "text/html": `${bundle["text/html"]}\n<div class="trainlab-history" style="font-size:12px">${escapeHtml(summary)}</div>`,
    "text/plain": summary,
  };
}

/** One line: epochs, backend, each metric's first → last value, and why training stopped early. */
export function historySummary(h: HistoryLike): string {
  const n = h.epoch.length;
  const parts = Object.entries(h.history).map(([name, values]) =>
    values.length ? `${name} ${fmt(Number(values[0]))} → ${fmt(Number(values[values.length - 1]))}` : `${name} —`);
  const head = `History: ${n} epoch${n === 1 ? "" : "s"}${h.backend ? ` on ${h.backend}` : ""}`;
  return [head, ...parts].join(" · ") + (h.stopReason ? ` · stopped: ${h.stopReason}` : "");
}

function fmt(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v);
}
