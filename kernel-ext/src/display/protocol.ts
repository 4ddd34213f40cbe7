/**
 * The display protocol: how a value shows itself in a notebook, like IPython's
 * `_repr_mimebundle_`. An object with `toMimeBundle()` shows that bundle; tensors, arquero
 * tables, tf.LayersModels and training histories (which kernel-ext does not own) are recognised
 * by their shape. The Trainlab kernel uses it for a cell's last expression; `show(x)` uses it
 * explicitly. Anything else prints as before (Node's inspect).
 */
import { inspect } from "util";
import { displayBundle, MimeBundle } from "./jupyter";
import { historyBundle, isHistoryLike } from "./historyView";
import { isLayersModelLike, modelSummaryBundle } from "./modelView";
import { tableView } from "./table";
import { isTensorLike, tensorBundle } from "./tensorView";

/** An object that knows how it shows itself in a notebook. */
export interface Displayable {
  /** MIME type → content, e.g. `{"text/html": "<b>hi</b>", "text/plain": "hi"}`; plotly JSON first when there is one. */
  toMimeBundle(): MimeBundle;
}

/**
 * The MIME bundle a value shows as, or null for a plain value (numbers, strings, arrays, plain
 * objects), which prints as text. Never creates, keeps or disposes tensors.
 */
export function mimeBundleOf(value: unknown): MimeBundle | null {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.toMimeBundle === "function") return withText((v as unknown as Displayable).toMimeBundle(), value);
  if (isTensorLike(value)) return tensorBundle(value);
  if (isTableLike(value)) {
    const view = tableView(value as Parameters<typeof tableView>[0]);
    return { "text/html": view.html, "text/plain": view.text };
  }
  if (isLayersModelLike(value)) return modelSummaryBundle(value);
  if (isHistoryLike(value)) return historyBundle(value);
  if (typeof v.toHTML === "function") {
    const html = String((v.toHTML as () => unknown).call(value));
    return { "text/html": html, "text/plain": html.replace(/<[^>]*>/g, " ").replace(/[ \t]+/g, " ").replace(/\n\s*\n+/g, "\n").trim() };
  }
  return null;
}

/**
 * Shows any value in the current cell the way it shows itself (see {@link mimeBundleOf}); a
 * plain value prints as text. Outside Jupyter prints the bundle's text/plain.
 *
 * @example lab.show(tensor); lab.show(model); lab.show(history)
 */
export function show(value: unknown): void {
  const bundle = mimeBundleOf(value);
  if (!bundle) {
    console.log(value);
  } else if (!displayBundle(bundle)) {
    console.log(typeof bundle["text/plain"] === "string" ? bundle["text/plain"] : inspect(value));
  }
}

/** arquero tables (any version): columnNames(), numRows() and column(name). */
function isTableLike(value: unknown): boolean {
  const v = value as Record<string, unknown>;
  return typeof v.columnNames === "function" && typeof v.numRows === "function" && typeof v.column === "function";
}

/** Every bundle gets a text/plain, for frontends and logs that show text only. */
function withText(bundle: MimeBundle, value: unknown): MimeBundle {
  if (!bundle || typeof bundle !== "object") {
    throw new TypeError(`toMimeBundle() must return an object of MIME type → content; got ${inspect(bundle)}`);
  }
  return "text/plain" in bundle ? bundle : { ...bundle, "text/plain": inspect(value, { depth: 1 }) };
}
