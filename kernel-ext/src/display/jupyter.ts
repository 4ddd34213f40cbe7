/**
 * The one place that talks to the Jupyter frontend. tslab's public display API sends one MIME
 * type per message; a bundle (plotly JSON + HTML fallback + text) needs its internal writer.
 */
import { randomBytes } from "crypto";

/** A MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, unknown>;

interface Writer {
  (content: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean): void;
}

function writer(): Writer | null {
  try {
    // Resolved from the kernel's own tslab, so it is the instance the kernel writes through.
    return require("tslab/dist/jupyter").lastWriteDisplayData ?? null;
  } catch {
    return null;
  }
}

/** True inside a Jupyter kernel (the Trainlab kernel or plain tslab), false in a terminal or test. */
export function inJupyter(): boolean {
  return writer() !== null;
}

/** Where the Trainlab kernel records the client session (msg.header.session) of the request being run. */
export const FRONTEND_KEY = Symbol.for("trainlab.frontend");

/**
 * The Jupyter client session that sent the request being executed: each page load (reload,
 * second tab) and each nbclient run is a new one. Undefined outside the Trainlab kernel.
 */
export function currentFrontend(): string | undefined {
  const value = (globalThis as Record<symbol, unknown>)[FRONTEND_KEY];
  return typeof value === "string" ? value : undefined;
}

/** A fresh id for a display that will be updated in place. */
export function newDisplayId(): string {
  return "trainlab-" + randomBytes(8).toString("hex");
}

/**
 * Shows a MIME bundle in the current cell. With `displayId`, a later call with `update: true`
 * and the same id replaces it in place (Jupyter's update_display_data). Returns false, showing
 * nothing, outside Jupyter: callers print their text fallback then.
 */
export function displayBundle(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): boolean {
  const write = writer();
  if (!write) return false;
  const transient = options.displayId ? { display_id: options.displayId } : {};
  write({ data, metadata: {}, transient }, !!options.update);
  return true;
}

export { escapeHtml } from "../core/html";
