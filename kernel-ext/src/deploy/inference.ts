import * as path from "node:path";
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";

/** One model output for a whole batch: flat values and the shape [batch, …]. */
export interface BatchOutput {
  data: Float32Array | Int32Array;
  shape: number[];
}

/** Where forward passes run, and on which backend. */
export interface InferenceInfo {
  /** "worker": a worker thread owns the models (the HTTP thread never computes); "inline": this thread, in small chunks that yield. */
  mode: "worker" | "inline";
  /** The TensorFlow.js backend the forward passes use. */
  backend: string;
  /** Why this mode: the backend selection's summary, or why no worker could be used. */
  why: string;
}

/** Runs forward passes for deploy.serve; one batch at a time per engine. */
export interface InferenceEngine {
  readonly info: InferenceInfo;
  /** Makes `model` available under `key`. */
  load(key: string, model: tf.LayersModel): Promise<void>;
  /** Predicts `count` instances given as flat values in the model's input dtype. */
  predict(key: string, values: Float32Array | Int32Array, count: number): Promise<BatchOutput[]>;
  /** Tensors alive where the models live, after the last batch (a leak shows as growth). */
  readonly numTensors: number;
  close(): Promise<void>;
}

/** Options for {@link createInference}. */
export interface InferenceOptions {
  /** "worker" (default) runs models in a worker thread, falling back to "inline" where the runtime refuses threads. */
  mode?: "worker" | "inline";
  /** Backend for the worker (a name useBestBackend accepts). Default: the fastest that passes its self-test (TRAINLAB_BACKEND forces one). */
  backend?: string;
  /** Inline mode: instances per forward pass between yields to the event loop. Default 8. */
  inlineChunk?: number;
}

/** Messages to the worker. */
export type WorkerRequest =
  | { type: "init"; id: number; backend?: string }
  | { type: "load"; id: number; key: string; artifacts: tf.io.ModelArtifacts }
  | { type: "predict"; id: number; key: string; values: Float32Array | Int32Array; count: number };

/** Messages from the worker. */
export type WorkerReply =
  | { type: "ready"; id: number; backend: string; message: string }
  | { type: "loaded"; id: number }
  | { type: "result"; id: number; outputs: BatchOutput[]; numTensors: number }
  | { type: "error"; id: number; message: string };

/**
 * Starts the engine deploy.serve predicts with: a worker thread that selects the best backend
 * (`useBestBackend`) and owns copies of the models, or — where threads are refused (Node's
 * permission model without --allow-worker) or `mode: "inline"` — this thread, predicting in small
 * chunks and yielding between them so that status requests are still answered.
 */
export async function createInference(options: InferenceOptions = {}): Promise<InferenceEngine> {
  if (options.mode === "inline") return new _InlineEngine(options.inlineChunk ?? 8, "inline mode requested");
  let worker: Worker;
  try {
    worker = new Worker(path.join(__dirname, "inferenceWorker.js"));
  } catch (e) {
    return new _InlineEngine(options.inlineChunk ?? 8, `no worker thread (${(e as Error).message.split("\n")[0]}); predicting on this thread in chunks`);
  }
  const engine = new _WorkerEngine(worker);
  try {
    await engine.init(options.backend);
  } catch (e) {
    await engine.close();
    throw new TrainlabError(`The inference worker could not start: ${(e as Error).message}. Pass inference: "inline" to predict on this thread.`);
  }
  return engine;
}

/** Runs one batch through a model and returns each output's flat values (disposes every tensor it makes). */
export async function predictBatch(model: tf.LayersModel, values: Float32Array | Int32Array, count: number): Promise<BatchOutput[]> {
  const shape = model.inputs[0].shape.slice(1) as number[];
  const x = tf.tensor(values, [count, ...shape], model.inputs[0].dtype as "float32" | "int32");
  let outs: tf.Tensor[] = [];
  try {
    const out = model.predict(x);
    outs = Array.isArray(out) ? out : [out];
    const data = await Promise.all(outs.map((t) => t.data()));
    return data.map((d, i) => ({ data: d as Float32Array | Int32Array, shape: outs[i].shape }));
  } finally {
    tf.dispose([x, ...outs]);
  }
}

type _Unsent = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

class _WorkerEngine implements InferenceEngine {
  info: InferenceInfo = { mode: "worker", backend: "", why: "" };
  numTensors = 0;
  private _next = 1;
  private readonly _pending = new Map<number, { resolve: (m: WorkerReply) => void; reject: (e: Error) => void }>();
  private _failed: string | undefined;

  constructor(private readonly _worker: Worker) {
    _worker.on("message", (m: WorkerReply) => {
      const p = this._pending.get(m.id);
      if (!p) return;
      this._pending.delete(m.id);
      if (m.type === "error") p.reject(new Error(m.message));
      else p.resolve(m);
    });
    const fail = (why: string) => {
      this._failed = why;
      for (const p of this._pending.values()) p.reject(new Error(why));
      this._pending.clear();
    };
    _worker.on("error", (e) => fail(`the inference worker crashed: ${e.message.split("\n")[0]}`));
    _worker.on("exit", (code) => fail(`the inference worker exited (code ${code})`));
  }

  private _send(m: _Unsent, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this._failed) return Promise.reject(new Error(this._failed));
    const id = this._next++;
    return new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject });
      this._worker.postMessage({ ...m, id }, transfer);
    });
  }

  async init(backend?: string): Promise<void> {
    const r = (await this._send({ type: "init", backend })) as Extract<WorkerReply, { type: "ready" }>;
    this.info = { mode: "worker", backend: r.backend, why: r.message };
  }

  async load(key: string, model: tf.LayersModel): Promise<void> {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    await this._send({ type: "load", key, artifacts: artifacts! });
  }

  async predict(key: string, values: Float32Array | Int32Array, count: number): Promise<BatchOutput[]> {
    const r = (await this._send({ type: "predict", key, values, count })) as Extract<WorkerReply, { type: "result" }>;
    this.numTensors = r.numTensors;
    return r.outputs;
  }

  async close(): Promise<void> {
    this._failed ??= "the server is closed";
    await this._worker.terminate();
  }
}

class _InlineEngine implements InferenceEngine {
  readonly info: InferenceInfo;
  private readonly _models = new Map<string, tf.LayersModel>();

  constructor(
    private readonly _chunk: number,
    why: string,
  ) {
    this.info = { mode: "inline", backend: tf.getBackend(), why };
  }

  get numTensors(): number {
    return tf.memory().numTensors;
  }

  async load(key: string, model: tf.LayersModel): Promise<void> {
    this._models.set(key, model);
  }

  async predict(key: string, values: Float32Array | Int32Array, count: number): Promise<BatchOutput[]> {
    const model = this._models.get(key)!;
    const size = values.length / count;
    const parts: BatchOutput[][] = [];
    for (let start = 0; start < count; start += this._chunk) {
      const n = Math.min(this._chunk, count - start);
      parts.push(await predictBatch(model, values.subarray(start * size, (start + n) * size), n));
      // Let the event loop answer other requests (status probes) between chunks.
      await new Promise((r) => setImmediate(r));
    }
    return parts[0].map((first, o) => {
      const per = first.data.length / first.shape[0];
      const data = new (first.data.constructor as Float32ArrayConstructor)(count * per);
      let at = 0;
      for (const p of parts) {
        data.set(p[o].data, at);
        at += p[o].data.length;
      }
      return { data, shape: [count, ...first.shape.slice(1)] };
    });
  }

  async close(): Promise<void> {
    this._models.clear();
  }
}
