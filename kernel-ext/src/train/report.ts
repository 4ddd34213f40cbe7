/**
 * What fit shows while it trains: in a notebook a progress bar and live loss/metric curves,
 * both updated in place (throttled); in a terminal one compact line per epoch.
 */
import { inJupyter, liveFigure, progress } from "../display";
import type { Callback, Logs, TrainContext } from "./callbacks/types";

/** "auto": bar + curves in a notebook, lines in a terminal; "lines": lines anywhere; "none": quiet. */
export type DisplayMode = "auto" | "lines" | "none";

export function reporter(mode: DisplayMode): Callback | null {
  if (mode === "none") return null;
  const notebook = mode === "auto" && inJupyter();
  let bar: ReturnType<typeof progress> | null = null;
  let curves: ReturnType<typeof liveFigure> | null = null;
  let epochStart = 0;
  let lastLoss = NaN;
  let lastYield = Date.now();
  let lastLine = Date.now();
  // fit runs without yielding to the event loop (fast); let queued display messages go out.
  const flush = async () => {
    if (notebook && Date.now() - lastYield >= 100) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  };
  return {
    name: "display",
    onTrainBegin(ctx: TrainContext) {
      if (!notebook) return;
      bar = progress({ total: ctx.epochs * ctx.batchesPerEpoch, label: "training" });
      curves = liveFigure({
        xaxis: { title: { text: "epoch" } }, yaxis: { title: { text: "loss" } },
        yaxis2: { title: { text: "metric" }, overlaying: "y", side: "right" },
        height: 320, margin: { t: 30 },
      });
    },
    onEpochBegin() { epochStart = Date.now(); lastLine = epochStart; },
    async onBatchEnd(batch: number, logs: Logs, ctx: TrainContext) {
      lastLoss = logs.loss;
      bar?.update(ctx.history.epoch.length * ctx.batchesPerEpoch + batch + 1,
        `epoch ${ctx.history.epoch.length + 1}/${ctx.epochs} · loss ${fmt(lastLoss)}`);
      // A slow epoch in a terminal: a line every 10 s, so the run is visibly alive.
      if (!notebook && Date.now() - lastLine >= 10_000) {
        lastLine = Date.now();
        console.log(`epoch ${ctx.history.epoch.length + 1}/${ctx.epochs} · batch ${batch + 1}/${ctx.batchesPerEpoch} · ` +
          `${Math.round((Date.now() - epochStart) / 1000)} s · loss ${fmt(lastLoss)}`);
      }
      await flush();
    },
    async onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext) {
      const ms = Date.now() - epochStart;
      if (!notebook) {
        const names = Object.keys(logs).sort((a, b) => Number(a.startsWith("val_")) - Number(b.startsWith("val_")));
        const metrics = names.map((k) => `${k} ${fmt(logs[k])}`).join(" · ");
        console.log(`epoch ${epoch + 1}/${ctx.epochs} · ${ms} ms · ${metrics}`);
        return;
      }
      const h = ctx.history;
      const names = Object.keys(h.history).sort((a, b) => Number(a.startsWith("val_")) - Number(b.startsWith("val_")));
      curves?.update(names.map((name) => ({
        type: "scatter", mode: "lines+markers", name,
        x: h.epoch.map((e) => e + 1), y: h.history[name],
        yaxis: /loss/.test(name) ? "y" : "y2",
        line: { dash: name.startsWith("val_") ? "dash" : "solid" },
      })));
      await flush();
    },
    onTrainEnd(ctx: TrainContext) {
      const h = ctx.history;
      const summary = h.stopReason ? `stopped: ${h.stopReason}` : `done: ${h.epoch.length} epochs`;
      bar?.close(summary);
      curves?.close();
      if (!notebook && h.stopReason) console.log(summary);
    },
  };
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);
}
