import { displayBundle, inJupyter, newDisplayId } from "./jupyter";
import { claimPlotly, figure, Layout, PlotOptions, Trace } from "./plot";

export interface LiveFigureOptions extends PlotOptions {
  /** Fewest milliseconds between two redraws; the last state is always drawn on close. Default 500. */
  throttleMs?: number;
}

/** A figure that is redrawn in place as new data arrives (e.g. loss curves during training). */
export interface LiveFigure {
  /** Replaces the figure's traces; redrawn at most every `throttleMs`. */
  update(traces: Trace[]): void;
  /** Draws the last traces; in a terminal prints a one-line summary. */
  close(): void;
}

/**
 * A live figure: one output in a notebook that is redrawn in place; silent in a terminal until
 * `close()`, which prints a summary.
 */
export function liveFigure(layout: Layout = {}, options: LiveFigureOptions = {}): LiveFigure {
  const notebook = inJupyter();
  const throttleMs = options.throttleMs ?? 500;
  const displayId = newDisplayId();
  let traces: Trace[] = [];
  let lastDraw = -Infinity;
  let shown = false;
  let dirty = false;
  let closed = false;
  let withPlotly: boolean | undefined;

  const draw = (final = false) => {
    // The figure that carries plotly.js must still carry it in its final output (the one saved);
    // redraws in between need not: the page keeps window.Plotly from the first draw.
    withPlotly ??= claimPlotly();
    const fig = figure(traces, layout, options);
    displayBundle(fig.bundle(withPlotly && (!shown || final)), { displayId, update: shown });
    shown = true;
    dirty = false;
    lastDraw = Date.now();
  };

  return {
    update(next: Trace[]) {
      if (closed) return;
      traces = next;
      dirty = true;
      if (notebook && Date.now() - lastDraw >= throttleMs) draw();
    },
    close() {
      if (closed) return;
      closed = true;
      if (notebook) {
        if (dirty || !shown || withPlotly) draw(true);
      } else {
        console.log(figure(traces, layout, options).toString());
      }
    },
  };
}
