import * as http from "node:http";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { Batcher } from "./batcher";
import { readBody } from "./body";
import type { ModelCard } from "./card";
import { createInference, type BatchOutput, type InferenceEngine, type InferenceInfo } from "./inference";
import { parseJsonBody } from "./json";
import { createBodyParser, type BodyParser } from "./parsing";
import { layersModelOf, type LayersModelLike } from "../train/estimator";
import { isFitted, type Fitted } from "../core/protocols";
import { predictWithEstimator } from "./servedEstimator";
import { RequestError, clip, excerpt, parsePredictRequest, type InputDtype, type InputSignature } from "./validate";

/** A model to serve under /v1/models/NAME. */
export interface ServedModel {
  /**
   * The model: a tf.LayersModel or an estimator wrapping one (lab.train.estimator(model)) — run in
   * the inference worker — or any other fitted estimator (knn, logistic regression, …: an object
   * with predict / predictProba), run on the HTTP thread in small chunks that yield. An estimator
   * answers with its predictProba (one probability per class) when it has one, else its predict.
   */
  model: LayersModelLike | Fitted;
  /** Values per instance, for an estimator without a tf input (e.g. [4] for 4 features). Default: card.inputs[0].shape. */
  inputShape?: number[];
  /** The name in the URL. Default: card.name. */
  name?: string;
  /** Shown by GET /v1/models/NAME/metadata; its name and version are used when given. */
  card?: ModelCard;
  /** Version number (/v1/models/NAME/versions/N). Default: card.version or 1. Several versions of one name can be served; the highest is "latest". */
  version?: number;
  /** Version labels that point at this version (/v1/models/NAME/labels/LABEL), e.g. ["stable"]. */
  labels?: string[];
}

/** Per-instance numbers the server records for drift monitoring, computed from the input and the prediction. */
export type Monitor = (input: Float32Array, prediction: unknown) => Record<string, number>;

/** Options for {@link serve}. */
export interface ServeOptions {
  /** TCP port; 0 (default) lets the system pick a free one (read it from `server.port`). */
  port?: number;
  /** Interface to listen on. Default "127.0.0.1" (this machine only). */
  host?: string;
  /** Largest request body accepted, in bytes, chunked or not; passing it gives 413 at once. Default 1,000,000. */
  maxBodyBytes?: number;
  /** Most instances in one request; more gets 400. Default 256. */
  maxInstances?: number;
  /** Batching window in ms: requests arriving within it are predicted together. Default 5. */
  batchWindowMs?: number;
  /** A batch runs at once when it reaches this many instances. Default 64. */
  maxBatchSize?: number;
  /** Admission control: most instances waiting for the model; beyond it requests get 503 with Retry-After. Default 1,024. */
  maxQueuedInstances?: number;
  /** Deadline of each request, in ms from its arrival: a request still waiting for the model then gets 504 and is never computed. A client can shorten it with the header `X-Deadline-Ms`. Default 30,000. */
  deadlineMs?: number;
  /** A request body with no data for this long gets 408. Default 10,000 ms. */
  bodyIdleTimeoutMs?: number;
  /** Request line and headers must arrive within this time, else 408. Default 10,000 ms. */
  headersTimeoutMs?: number;
  /** The whole request must arrive within this time, else 408. Default 60,000 ms. */
  requestTimeoutMs?: number;
  /** Longest URL accepted; longer gets 414. Default 4,096 characters. */
  maxUrlLength?: number;
  /** "worker" (default): a worker thread owns the models and the backend, so the HTTP thread never computes; falls back to "inline" (this thread, small chunks that yield) where threads are refused. */
  inference?: "worker" | "inline";
  /** The worker's backend (cpu, wasm, tensorflow, tensorflow-gpu). Default: the fastest that passes the training core's self-test (`useBestBackend`; TRAINLAB_BACKEND forces one). */
  backend?: string;
  /** What to record per predicted instance for drift checks. Default {@link defaultMonitor}. */
  monitor?: Monitor;
  /** Keep at most this many recorded instances per model (oldest dropped). Default 20,000. */
  monitorLimit?: number;
  /** Longest close() waits for in-flight requests before cutting connections, in ms. Default 10,000. */
  closeTimeoutMs?: number;
}

/** Counters kept by a running server. */
export interface ServerStats {
  /** Requests answered, by HTTP status (transport-level errors included). */
  byStatus: Record<string, number>;
  /** Requests answered in total. */
  requests: number;
  /** Instances predicted. */
  instances: number;
  /** Forward passes run (batches). */
  batches: number;
  /** Mean instances per batch. */
  meanBatchSize: number;
  /** Mean requests merged per batch. */
  meanRequestsPerBatch: number;
  /** Requests being handled right now. */
  inFlight: number;
  /** Instances waiting for the model now. */
  queued: number;
  /** True while a batch is computing. */
  computing: boolean;
  /** Requests dropped before computing: deadline passed (504), client gone, refused at admission (503). */
  dropped: { expired: number; cancelled: number; refused: number };
  /** Tensors alive where the models run, after the last batch (constant when nothing leaks). */
  modelTensors: number;
}

/** A running prediction server. */
export interface PredictionServer {
  /** e.g. "http://127.0.0.1:45678". */
  url: string;
  port: number;
  /** Where forward passes run and on which backend. */
  inference: InferenceInfo;
  /** Stops accepting connections, answers every request already received, then resolves. Safe to call twice. */
  close(): Promise<void>;
  stats(): ServerStats;
  /** What the monitor recorded for a model's predictions, as columns (feature name → values). */
  monitored(name?: string): Record<string, number[]>;
  /** Forgets the recorded values (e.g. after a drift check). */
  clearMonitored(name?: string): void;
  readonly closed: boolean;
}

/** Default monitor: the mean and standard deviation of the input values and the top output score. */
export const defaultMonitor: Monitor = (input, prediction) => {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < input.length; i++) {
    sum += input[i];
    sq += input[i] * input[i];
  }
  const mean = sum / input.length;
  const out: Record<string, number> = { input_mean: mean, input_std: Math.sqrt(Math.max(0, sq / input.length - mean * mean)) };
  if (Array.isArray(prediction) && prediction.every((p) => typeof p === "number")) out.top_score = Math.max(...(prediction as number[]));
  return out;
};

interface _Entry {
  name: string;
  version: number;
  labels: string[];
  /** Input and output tensors as GET …/metadata describes them (shapes with the batch dimension). */
  signature: { inputs: _TensorSpec[]; outputs: _TensorSpec[] };
  card?: ModelCard;
  input: InputSignature;
  outputNames: string[];
  batcher: Batcher;
}

interface _TensorSpec { name: string; dtype: string; shape: (number | null)[] }

const PATH = /^\/v1\/models\/([^/:]+)(?:\/versions\/([^/:]+)|\/labels\/([^/:]+))?(?:(\/metadata)|:([A-Za-z]+))?\/?$/;
const MAX_ERROR = 400;

/**
 * Starts an HTTP prediction server with TF Serving's REST API (predict, model status, metadata):
 * POST /v1/models/NAME[/versions/N|/labels/L]:predict with {"instances": [...]} → {"predictions": [...]}
 * or {"inputs": ...} → {"outputs": ...}; GET /v1/models/NAME[/versions/N|/labels/L][/metadata].
 * Every error is {"error": "..."} with its status. Forward passes run in a worker thread on the
 * training core's best backend; requests are queued with admission control (503 + Retry-After),
 * deadlines (504) and dropped when their client leaves. Listens on 127.0.0.1 by default.
 *
 * @example const server = await deploy.serve({ model, card }); … await server.close();
 */
export async function serve(models: ServedModel | ServedModel[], options: ServeOptions = {}): Promise<PredictionServer> {
  const list = (Array.isArray(models) ? models : [models]).map(_servable);
  if (list.length === 0) throw new TrainlabError("serve() needs at least one model.");
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const maxInstances = options.maxInstances ?? 256;
  const monitor = options.monitor ?? defaultMonitor;
  const monitorLimit = options.monitorLimit ?? 20_000;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const maxUrl = options.maxUrlLength ?? 4096;
  const bodyIdle = options.bodyIdleTimeoutMs ?? 10_000;
  const byName = new Map<string, Map<number, _Entry>>();
  const records = new Map<string, Record<string, number[]>>();
  const prepared: { m: _Servable; name: string; version: number }[] = [];
  for (const m of list) {
    const name = m.name ?? m.card?.name;
    if (!name || !/^[A-Za-z0-9._-]+$/.test(name)) throw new TrainlabError(`Each served model needs a name of letters, digits, ".", "-" or "_" (got ${excerpt(name)}); pass {model, name} or {model, card}.`);
    const version = m.version ?? m.card?.version ?? 1;
    if (!Number.isInteger(version) || version < 1) throw new TrainlabError(`Model "${name}": version must be a positive integer (got ${version}).`);
    if (byName.get(name)?.has(version)) throw new TrainlabError(`Two models are named "${name}" with version ${version}; give each version its own number.`);
    if (m.estimator) {
      _estimatorShape(m, name);
    } else if (m.model.inputs.length !== 1) throw new TrainlabError(`Model "${name}" has ${m.model.inputs.length} inputs; serve() handles single-input models.`);
    if (!m.estimator) {
      const shape = m.model.inputs[0].shape.slice(1);
      if (shape.some((d) => d === null)) throw new TrainlabError(`Model "${name}" has an input shape with unknown sizes ([${shape}]); serve() needs fixed sizes.`);
      const dtype = m.model.inputs[0].dtype;
      if (dtype !== "float32" && dtype !== "int32") throw new TrainlabError(`Model "${name}" takes ${dtype} input; serve() handles float32 and int32 inputs.`);
    }
    if (!byName.has(name)) byName.set(name, new Map());
    byName.get(name)!.set(version, undefined as unknown as _Entry);
    prepared.push({ m, name, version });
  }
  const labels = new Map<string, Map<string, number>>();
  for (const { m, name, version } of prepared) {
    for (const label of m.labels ?? []) {
      if (!labels.has(name)) labels.set(name, new Map());
      if (labels.get(name)!.has(label)) throw new TrainlabError(`Model "${name}": label "${label}" is given to two versions; a label points at one version.`);
      labels.get(name)!.set(label, version);
    }
  }

  const engine: InferenceEngine = await createInference({ mode: options.inference, backend: options.backend });
  // Parsing leaves the HTTP thread too, except in inline mode (where threads are refused or not wanted).
  const parser: BodyParser = engine.info.mode === "worker" ? createBodyParser() : { parse: async (b, input, n) => parsePredictRequest(parseJsonBody(b.toString("utf8")), input, { maxInstances: n }), close: async () => {} };
  try {
    for (const { m, name, version } of prepared) {
      const key = `${name}@${version}`;
      const estimator = m.estimator;
      let input: InputSignature;
      let signature: _Entry["signature"];
      let outputNames: string[];
      let predict: (values: Float32Array | Int32Array, count: number) => Promise<BatchOutput[]>;
      if (estimator) {
        const shape = _estimatorShape(m, name);
        const features = shape.reduce((a, b) => a * b, 1);
        const output = m.card?.outputs?.[0]?.name ?? (estimator.predictProba ? "probabilities" : "predictions");
        input = { name: m.card?.inputs?.[0]?.name ?? "input", shape, dtype: "float32" };
        signature = { inputs: [{ name: input.name, dtype: "float32", shape: [null, ...shape] }], outputs: [{ name: output, dtype: "float32", shape: estimator.predictProba ? [null, null] : [null] }] };
        outputNames = [output];
        predict = (values, count) => predictWithEstimator(estimator, values, count, features);
      } else {
        const model = m.model;
        await engine.load(key, model);
        input = {
          name: m.card?.inputs?.[0]?.name ?? model.inputs[0].name.replace(/:\d+$/, ""),
          shape: model.inputs[0].shape.slice(1) as number[],
          dtype: model.inputs[0].dtype as InputDtype,
        };
        signature = {
          inputs: model.inputs.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape })),
          outputs: model.outputs.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape })),
        };
        outputNames = model.outputs.map((t, i) => m.card?.outputs?.[i]?.name ?? t.name.replace(/\/.*$/, ""));
        predict = (values, count) => engine.predict(key, values, count);
      }
      const entry: _Entry = {
        name,
        version,
        labels: m.labels ?? [],
        signature,
        card: m.card,
        input,
        outputNames,
        batcher: new Batcher(predict, {
          windowMs: options.batchWindowMs,
          maxBatchSize: options.maxBatchSize,
          maxQueuedInstances: options.maxQueuedInstances,
        }),
      };
      byName.get(name)!.set(version, entry);
    }
  } catch (e) {
    await Promise.all([engine.close(), parser.close()]);
    throw e;
  }

  const byStatus: Record<string, number> = {};
  let requests = 0;
  let inFlight = 0;
  let received = 0;
  let closing = false;
  let closePromise: Promise<void> | undefined;

  const count = (status: number) => {
    requests++;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    // After a refused body (413/408) the rest of it is never read, so the connection cannot be reused.
    const close = closing || status === 413 || status === 408 || status === 414 || status === 431;
    if (close && (status === 413 || status === 408) && res.req && !res.req.complete) _lingerOnClose(res.socket, maxBody);
    res.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      ...(close ? { Connection: "close" } : {}),
      ...headers,
    });
    res.end(text);
    count(status);
  };
  const fail = (res: http.ServerResponse, status: number, message: string, headers?: Record<string, string>) =>
    send(res, status, { error: message.length > MAX_ERROR ? message.slice(0, MAX_ERROR) + "…" : message }, headers);

  const resolveEntry = (name: string, version: string | undefined, label: string | undefined): _Entry => {
    const versions = byName.get(name);
    if (!versions) throw new RequestError(404, `Servable not found for request: Latest(${clip(name)}). Models served here: ${[...byName.keys()].join(", ")}.`);
    if (label !== undefined) {
      const v = labels.get(name)?.get(label);
      if (v === undefined) throw new RequestError(404, `Unrecognized servable version label: ${clip(label)} for model ${name}. Labels: ${[...(labels.get(name)?.keys() ?? [])].join(", ") || "none"}.`);
      return versions.get(v)!;
    }
    if (version !== undefined) {
      if (!/^\d+$/.test(version)) throw new RequestError(400, `The version in the path must be a whole number, got ${excerpt(version, 40)}.`);
      const e = versions.get(Number(version));
      if (!e) throw new RequestError(404, `Servable not found for request: Specific(${name}, ${version}). Versions served: ${[...versions.keys()].join(", ")}.`);
      return e;
    }
    return versions.get(Math.max(...versions.keys()))!;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, expectContinue: boolean) => {
    const started = Date.now();
    const rawUrl = req.url ?? "/";
    if (rawUrl.length > maxUrl) throw new RequestError(414, `The URL is ${rawUrl.length} characters; the limit is ${maxUrl}.`);
    const url = rawUrl.split("?")[0];
    const match = PATH.exec(url);
    if (!match) throw new RequestError(404, `Unknown path ${excerpt(url)}; use /v1/models/NAME, /v1/models/NAME/metadata or /v1/models/NAME:predict.`);
    const [, rawName, rawVersion, rawLabel, metadata, verb] = match;
    let name: string, version: string | undefined, label: string | undefined;
    try {
      [name, version, label] = [rawName, rawVersion, rawLabel].map((s) => (s === undefined ? undefined : decodeURIComponent(s))) as [string, string | undefined, string | undefined];
    } catch {
      throw new RequestError(400, `The path ${excerpt(url)} has malformed percent-encoding (a "%" must be followed by two hex digits of valid UTF-8).`);
    }
    const entry = resolveEntry(name, version, label);
    if (verb !== undefined && verb !== "predict") {
      throw new RequestError(verb === "classify" || verb === "regress" ? 501 : 400, `":${excerpt(verb, 20)}" is not supported here; use ":predict".`);
    }
    const allowed = verb === "predict" ? "POST" : "GET";
    if (req.method !== allowed && !(allowed === "GET" && req.method === "HEAD")) {
      throw new RequestError(405, `${req.method} is not allowed on ${excerpt(url)}; use ${allowed}.`, { Allow: allowed });
    }
    if (verb !== "predict") {
      if (metadata) return send(res, 200, _metadata(entry));
      const shown = version !== undefined || label !== undefined ? [entry] : [...byName.get(name)!.values()].sort((a, b) => b.version - a.version);
      return send(res, 200, { model_version_status: shown.map((e) => ({ version: String(e.version), state: "AVAILABLE", status: { error_code: "OK", error_message: "" } })) });
    }
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBody) {
      throw new RequestError(413, `The body is ${declared} bytes; the limit is ${maxBody}. Send fewer instances per request.`);
    }
    if (expectContinue) res.writeContinue();
    const body = await readBody(req, { maxBytes: maxBody, idleTimeoutMs: bodyIdle });
    if (body === "aborted") return;
    const request = await parser.parse(body, entry.input, maxInstances);
    const asked = Number(req.headers["x-deadline-ms"]);
    const deadline = started + (Number.isFinite(asked) && asked > 0 ? Math.min(asked, deadlineMs) : deadlineMs);
    const gone = new AbortController();
    res.once("close", () => gone.abort());
    if (res.destroyed) return;
    let outputs: BatchOutput[];
    try {
      outputs = await entry.batcher.submit(request.values, request.count, { deadline, signal: gone.signal });
    } catch (e) {
      if ((e as Error).name === "AbortError") return;
      throw e;
    }
    const bad = _firstNonFinite(outputs);
    if (bad >= 0) {
      const where = request.format === "row" ? `instances[${bad}]` : `inputs[${bad}]`;
      throw new RequestError(400, `The model's output for ${where} is not finite (NaN or Infinity): its values overflow float32 inside the model. Send values in the range the model was trained on${_rangeHint(entry)}.`);
    }
    _record(entry, request.values, request.count, outputs);
    const single = outputs.length === 1;
    if (request.format === "columnar") {
      const cols = outputs.map((o) => _nest(o.data, 0, o.shape));
      return send(res, 200, { outputs: single ? cols[0] : Object.fromEntries(entry.outputNames.map((n, i) => [n, cols[i]])) });
    }
    const predictions = Array.from({ length: request.count }, (_, i) => {
      const row = outputs.map((o) => _nest(o.data, (i * o.data.length) / o.shape[0], o.shape.slice(1)));
      return single ? row[0] : Object.fromEntries(entry.outputNames.map((n, k) => [n, row[k]]));
    });
    send(res, 200, { predictions });
  };

  const _record = (entry: _Entry, values: Float32Array | Int32Array, n: number, outputs: BatchOutput[]) => {
    const key = `${entry.name}@${entry.version}`;
    const rec = records.get(key) ?? {};
    records.set(key, rec);
    const size = values.length / n;
    const floats = values instanceof Float32Array ? values : Float32Array.from(values);
    const o = outputs[0];
    const per = o.data.length / o.shape[0];
    for (let i = 0; i < n; i++) {
      const r = monitor(floats.subarray(i * size, (i + 1) * size), _nest(o.data, i * per, o.shape.slice(1)));
      // A value the drift report could not use (NaN, Infinity) is never recorded.
      if (!Object.values(r).every((v) => typeof v === "number" && Number.isFinite(v))) continue;
      for (const [k, v] of Object.entries(r)) (rec[k] ??= []).push(v);
    }
    for (const col of Object.values(rec)) if (col.length > monitorLimit) col.splice(0, col.length - monitorLimit);
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse, expectContinue = false) => {
    inFlight++;
    received++;
    res.once("close", () => inFlight--);
    handle(req, res, expectContinue).catch((e: unknown) => {
      if (e instanceof RequestError) fail(res, e.status, e.message, e.headers);
      else fail(res, 500, `Prediction failed: ${(e as Error).message}`);
    });
  };

  const server = http.createServer(
    {
      requestTimeout: Math.max(options.requestTimeoutMs ?? 60_000, options.headersTimeoutMs ?? 10_000),
      connectionsCheckingInterval: 250,
    },
    (req, res) => onRequest(req, res),
  );
  // A documented Server property (@types/node 20 lacks it among createServer's options).
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  // Without this listener Node answers "100 Continue" itself, before the size check.
  server.on("checkContinue", (req, res) => onRequest(req, res, true));
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: net.Socket) => {
    const busy = (socket as unknown as { _httpMessage?: http.ServerResponse })._httpMessage;
    if (err.code === "ECONNRESET" || !socket.writable || busy?.headersSent) return socket.destroy();
    const [status, message] = _transportError(err, maxUrl);
    const text = JSON.stringify({ error: message });
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    count(status);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        reject(new TrainlabError(e.code === "EADDRINUSE" ? `Port ${options.port} is already in use; pick another or pass port: 0 for a free one.` : `The server could not start: ${e.message}`)),
      );
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
  } catch (e) {
    await Promise.all([engine.close(), parser.close()]);
    throw e;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const allEntries = () => [...byName.values()].flatMap((v) => [...v.values()]);

  const close = (): Promise<void> => {
    if (closePromise) return closePromise;
    closing = true;
    closePromise = (async () => {
      // One more event-loop turn of accepting: a connection already in the kernel's backlog carries a request already sent.
      await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setImmediate(r));
      // net.Server's close stops accepting; http.Server's would also cut idle keep-alive sockets at once,
      // including those whose request has arrived but is not parsed yet.
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
      // A keep-alive socket is closed only after five quiet sweeps (100 ms) (each a full event-loop turn, so any
      // request already in its buffer has been read); every response sent while closing carries Connection: close.
      let quiet = 0;
      let seen = received;
      const sweep = setInterval(() => {
        if (received !== seen || inFlight > 0) {
          seen = received;
          quiet = 0;
        } else if (++quiet >= 5) server.closeIdleConnections();
      }, 20);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, options.closeTimeoutMs ?? 10_000);
      });
      await Promise.all(allEntries().map((e) => e.batcher.drain()));
      await Promise.race([closed, timeout]);
      clearInterval(sweep);
      clearTimeout(timer);
      server.closeAllConnections();
      await Promise.all([engine.close(), parser.close()]);
    })();
    return closePromise;
  };

  const pick = (name?: string): string => {
    const e = name === undefined ? allEntries()[0] : byName.has(name) ? resolveEntry(name, undefined, undefined) : undefined;
    if (!e) throw new TrainlabError(`No model named "${name}" is served; served: ${[...byName.keys()].join(", ")}.`);
    return `${e.name}@${e.version}`;
  };

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    inference: engine.info,
    close,
    get closed() {
      return closing;
    },
    stats: () => {
      const c = allEntries().map((e) => e.batcher.counts);
      const sum = (k: keyof Batcher["counts"]) => c.reduce((s, x) => s + x[k], 0);
      const batches = sum("batches");
      return {
        byStatus: { ...byStatus },
        requests,
        instances: sum("instances"),
        batches,
        meanBatchSize: batches ? sum("instances") / batches : 0,
        meanRequestsPerBatch: batches ? sum("requests") / batches : 0,
        inFlight,
        queued: allEntries().reduce((s, e) => s + e.batcher.queued, 0),
        computing: allEntries().some((e) => e.batcher.busy),
        dropped: { expired: sum("expired"), cancelled: sum("cancelled"), refused: sum("refused") },
        modelTensors: engine.numTensors,
      };
    },
    monitored: (name?: string) => Object.fromEntries(Object.entries(records.get(pick(name)) ?? {}).map(([k, v]) => [k, [...v]])),
    clearMonitored: (name?: string) => {
      records.delete(pick(name));
    },
  };
}

/**
 * After a refused body, Node would destroy the socket right after the response; with unread bytes
 * in its buffer the kernel then sends a reset that can reach the client before it read the answer.
 * Instead: send FIN after the response and keep discarding input for at most 1 s or `budget` bytes.
 */
function _lingerOnClose(socket: net.Socket | null, budget: number): void {
  if (!socket) return;
  const start = socket.bytesRead;
  (socket as net.Socket & { destroySoon(): void }).destroySoon = function (this: net.Socket) {
    this.end();
    const check = setInterval(() => {
      if (this.bytesRead - start > budget) this.destroy();
    }, 20);
    const stop = setTimeout(() => this.destroy(), 1000);
    this.once("close", () => {
      clearInterval(check);
      clearTimeout(stop);
    });
  };
}

/** Status and TF-Serving-style message for an error Node's HTTP parser raised before a request existed. */
function _transportError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, maxUrl: number): [number, string] {
  if (err.code === "ERR_HTTP_REQUEST_TIMEOUT" || err.code === "ERR_HTTP_HEADERS_TIMEOUT") {
    return [408, "The request did not arrive in time (headers or body too slow); send it at once."];
  }
  if (err.code === "HPE_HEADER_OVERFLOW") {
    const packet = err.rawPacket?.toString("latin1") ?? "";
    const lineEnd = packet.indexOf("\r\n");
    if (lineEnd < 0 || lineEnd > maxUrl) return [414, `The request line (URL) is too long; the limit is ${maxUrl} characters.`];
    return [431, "The request headers are too large; send fewer or shorter headers."];
  }
  return [400, `The request is not valid HTTP (${err.code ?? "parse error"}).`];
}

function _firstNonFinite(outputs: BatchOutput[]): number {
  for (const o of outputs) {
    const per = o.data.length / o.shape[0];
    for (let i = 0; i < o.data.length; i++) if (!Number.isFinite(o.data[i])) return Math.floor(i / per);
  }
  return -1;
}

function _rangeHint(e: _Entry): string {
  const range = e.card?.inputs?.[0]?.range;
  return range ? ` (${range[0]} to ${range[1]}, per its card)` : "";
}

/** The values at `offset` of a flat array as nested arrays of `shape` (a number when shape is []). */
function _nest(data: ArrayLike<number>, offset: number, shape: number[]): unknown {
  if (shape.length === 0) return data[offset];
  const stride = shape.slice(1).reduce((a, d) => a * d, 1);
  return Array.from({ length: shape[0] }, (_, i) => _nest(data, offset + i * stride, shape.slice(1)));
}

function _dtype(d: string): string {
  return { float32: "DT_FLOAT", int32: "DT_INT32", bool: "DT_BOOL", string: "DT_STRING" }[d] ?? "DT_FLOAT";
}

function _tensorInfo(name: string, dtype: string, shape: (number | null)[]) {
  return { dtype: _dtype(dtype), tensor_shape: { dim: shape.map((d) => ({ size: String(d ?? -1), name: "" })), unknown_rank: false }, name };
}

function _metadata(e: _Entry) {
  const inputs = Object.fromEntries(e.signature.inputs.map((t) => [e.input.name, _tensorInfo(t.name, t.dtype, t.shape)]));
  const outputs = Object.fromEntries(e.signature.outputs.map((t, i) => [e.outputNames[i], _tensorInfo(t.name, t.dtype, t.shape)]));
  return {
    model_spec: { name: e.name, signature_name: "", version: String(e.version) },
    metadata: { signature_def: { signature_def: { serving_default: { inputs, outputs, method_name: "tensorflow/serving/predict" } } } },
    card: e.card ?? null,
  };
}

/** A served model, resolved: a tf.LayersModel (run by the inference engine) or another fitted estimator. */
type _Servable = Omit<ServedModel, "model"> & ({ model: tf.LayersModel; estimator?: undefined } | { model?: undefined; estimator: Fitted });

function _servable(m: ServedModel): _Servable {
  const model = m?.model as unknown;
  const wrapsLayers = model instanceof tf.LayersModel || (model as { model?: unknown } | null)?.model instanceof tf.LayersModel;
  if (!wrapsLayers && isFitted(model)) return { ...m, model: undefined, estimator: model };
  if (!wrapsLayers && model != null && typeof (model as { fit?: unknown }).fit === "function") {
    throw new TrainlabError("serve(): this estimator is not fitted yet (it has fit but no predict): serve what fit returns, e.g. { model: await lab.data.knn().fit(X, y), … }.");
  }
  return { ...m, model: layersModelOf(m?.model as LayersModelLike, "serve()"), estimator: undefined };
}

/** The instance shape of a served estimator (it has no tf input to read it from). */
function _estimatorShape(m: Pick<ServedModel, "inputShape" | "card">, name: string): number[] {
  const shape = m.inputShape ?? m.card?.inputs?.[0]?.shape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new TrainlabError(`Model "${name}" is an estimator without a tf input: pass inputShape (values per instance, e.g. inputShape: [4] for 4 features) or a card with inputs[0].shape.`);
  }
  return shape;
}
