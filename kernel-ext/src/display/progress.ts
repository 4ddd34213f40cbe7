import { displayBundle, escapeHtml, inJupyter, newDisplayId } from "./jupyter";

export interface ProgressOptions {
  /** The value at which the work is done (e.g. number of batches). */
  total: number;
  /** What is being done, shown before the bar. Default "progress". */
  label?: string;
  /** Fewest milliseconds between two redraws; the last state is always drawn. Default 100 (notebook), 2000 (terminal). */
  throttleMs?: number;
}

/** A progress bar that updates in place. */
export interface Progress {
  /** Sets the current value (0…total) and an optional message such as "loss 0.231". */
  update(value: number, message?: string): void;
  /** Draws the final state; later updates are ignored. */
  close(message?: string): void;
}

/**
 * A progress bar: one output in a notebook that is redrawn in place (throttled), or a compact
 * line now and then in a terminal.
 */
export function progress(options: ProgressOptions): Progress {
  const { total, label = "progress" } = options;
  if (!(total > 0)) throw new RangeError(`progress(): total must be a positive number, got ${total}`);
  const notebook = inJupyter();
  const throttleMs = options.throttleMs ?? (notebook ? 100 : 2000);
  const displayId = newDisplayId();
  const start = Date.now();
  let value = 0;
  let message = "";
  let lastDraw = -Infinity;
  let shown = false;
  let closed = false;

  const draw = (final: boolean) => {
    const elapsed = (Date.now() - start) / 1000;
    const fraction = Math.min(1, value / total);
    const eta = fraction > 0 && !final ? (elapsed / fraction) * (1 - fraction) : 0;
    const line = `${label} ${formatCount(value)}/${formatCount(total)} (${Math.round(fraction * 100)}%) · ${formatSeconds(elapsed)}${eta > 0 ? ` · eta ${formatSeconds(eta)}` : ""}${message ? ` · ${message}` : ""}`;
    if (notebook) {
      const htmlBar =
        `<div class="trainlab-progress" style="font-family:monospace;font-size:13px">` +
        `<progress value="${value}" max="${total}" style="width:240px;vertical-align:middle"></progress> ${escapeHtml(line)}</div>`;
      displayBundle({ "text/html": htmlBar, "text/plain": line }, { displayId, update: shown });
      shown = true;
    } else {
      console.log(line);
    }
    lastDraw = Date.now();
  };

  return {
    update(v: number, msg?: string) {
      if (closed) return;
      value = v;
      if (msg !== undefined) message = msg;
      if (Date.now() - lastDraw >= throttleMs || !shown && notebook) draw(false);
    },
    close(msg?: string) {
      if (closed) return;
      if (msg !== undefined) message = msg;
      closed = true;
      draw(true);
    },
  };
}

function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function formatSeconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}
