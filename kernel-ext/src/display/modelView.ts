import { MimeBundle } from "./jupyter";
import { tableView } from "./table";

/** What the model summary reads from a tf.LayersModel (duck-typed: any copy of tfjs). */
export interface LayersModelLike {
  name: string;
  layers: { name: string; getClassName(): string; outputShape: unknown; countParams(): number }[];
  trainableWeights: { shape: number[] }[];
  countParams(): number;
  getClassName(): string;
  summary(): void;
}

/** True for a tf.LayersModel (tf.sequential(), tf.model()) from any copy of TensorFlow.js. */
export function isLayersModelLike(value: unknown): value is LayersModelLike {
  const v = value as Partial<LayersModelLike>;
  return !!v && typeof v === "object" && Array.isArray(v.layers) && typeof v.countParams === "function" && typeof v.summary === "function";
}

/** A model summary like Keras' `model.summary()`: one row per layer (name, type, output shape, parameters), then totals. */
export function modelSummaryBundle(model: LayersModelLike): MimeBundle {
  const rows = model.layers.map((layer) => ({
    layer: layer.name,
    type: layer.getClassName(),
    "output shape": shapeText(layer.outputShape),
    params: layer.countParams(),
  }));
  const total = model.countParams();
  const trainable = model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  const title = `Model "${model.name}" (${model.getClassName()})`;
  const view = tableView(rows, { maxRows: Infinity, title, footer: false });
  const totals = `Total params: ${total.toLocaleString("en-US")} · trainable: ${trainable.toLocaleString("en-US")} · non-trainable: ${(total - trainable).toLocaleString("en-US")}`;
  return {
    "text/html": `<div class="trainlab-model">${view.html}<div style="font-size:12px;margin-top:2px">${totals}</div></div>`,
    "text/plain": `${view.text}\n${totals}`,
  };
}

function shapeText(shape: unknown): string {
  const one = (s: unknown) => (Array.isArray(s) ? `[${s.map((d) => (d == null ? "null" : String(d))).join(", ")}]` : String(s));
  return Array.isArray(shape) && shape.some(Array.isArray) ? shape.map(one).join(", ") : one(shape);
}
