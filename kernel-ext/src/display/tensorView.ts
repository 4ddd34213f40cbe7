import { escapeHtml, MimeBundle } from "./jupyter";

/** What the tensor view reads from a tf.Tensor (duck-typed: any copy of tfjs, tf.Variable too). */
export interface TensorLike {
  shape: number[];
  dtype: string;
  isDisposed: boolean;
  toString(verbose?: boolean): string;
}

/** True for a tf.Tensor (or tf.Variable) from any copy of TensorFlow.js. */
export function isTensorLike(value: unknown): value is TensorLike {
  const v = value as Partial<TensorLike> & { dataSync?: unknown };
  return !!v && typeof v === "object" && Array.isArray(v.shape) && typeof v.dtype === "string" && typeof v.dataSync === "function";
}

/**
 * A tensor as a cell shows it: dtype, shape and values, abbreviated by TensorFlow.js when large
 * (first and last 3 per axis beyond 20). Reads the values without creating, keeping or disposing
 * any tensor; a disposed tensor shows its shape and says its values are gone.
 */
export function tensorBundle(t: TensorLike): MimeBundle {
  const shape = `[${t.shape.join(", ")}]`;
  const head = `Tensor ${t.dtype} ${shape}`;
  if (t.isDisposed) {
    const text = `${head} (disposed: its values are gone)`;
    return { "text/plain": text, "text/html": `<pre class="trainlab-tensor">${escapeHtml(text)}</pre>` };
  }
  // tfjs prints "Tensor\n    values…": keep the values, dedented, under our own header.
  const values = t.toString().split("\n").slice(1).map((line) => line.replace(/^ {4}/, "")).join("\n");
  const text = `${head}\n${values}`;
  const html = `<div class="trainlab-tensor"><div style="color:#555;font-size:12px">Tensor <b>${escapeHtml(t.dtype)}</b> shape ${escapeHtml(shape)}</div><pre style="margin:2px 0">${escapeHtml(values)}</pre></div>`;
  return { "text/html": html, "text/plain": text };
}
