import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as tf from "@tensorflow/tfjs";
import { TrainlabError } from "../errors";
import { Batcher } from "./batcher";
import type { ModelCard } from "./card";
import { RequestError, parseInstances } from "./validate";

/** A model to serve under /v1/models/NAME. */
export interface ServedModel {
  model: tf.LayersModel;
  /** The name in the URL. Default: card.name. */
  name?: string;
  /** Shown by GET /v1/models/NAME/metadata; its name and version are used when given. */
  card?: ModelCard;
  /** Version number reported. Default: card.version or 1. */
  version?: number;
}

/** Per-instance numbers the server records for drift monitoring, computed from the input and the prediction. */
export type Monitor = (input: Float32Array, prediction: unknown) => Record<string, number>;

/** Options for {@link serve}. */
export interface ServeOptions {
  /** TCP port; 0 (default) lets the system pick a free one (read it from `server.port`). */
  port?: number;
  /** Interface to listen on. Default "127.0.0.1" (this machine only). */
  host?: string;
  /** Largest request body accepted, in bytes; larger ones get 413. Default 1,000,000. */
  maxBodyBytes?: number;
  /** Most instances in one request; more gets 400. Default 256. */
  maxInstances?: number;
  /** Batching window in ms: requests arriving within it are predicted together. Default 5. */
  batchWindowMs?: number;
  /** A batch runs at once when it reaches this many instances. Default 64. */
  maxBatchSize?: number;
  /** What to record per predicted instance for drift checks. Default {@link defaultMonitor}. */
  monitor?: Monitor;
  /** Keep at most this many recorded instances per model (oldest dropped). Default 20,000. */
  monitorLimit?: number;
  /** Longest close() waits for in-flight requests before cutting connections, in ms. Default 10,000. */
  closeTimeoutMs?: number;
}

/** Counters kept by a running server. */
export interface ServerStats {
  /** Requests answered, by HTTP status. */
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
}

/** A running prediction server. */
export interface PredictionServer {
  /** e.g. "http://127.0.0.1:45678". */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. Safe to call twice. */
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
  model: tf.LayersModel;
  card?: ModelCard;
  shape: number[];
  inputName: string;
  batcher: Batcher;
  records: Record<string, number[]>;
}

const PATH = /^\/v1\/models\/([^/:]+)(?:\/versions\/(\d+))?(?:(\/metadata)|:([A-Za-z]+))?\/?$/;

/**
 * Starts an HTTP prediction server with TF-Serving's REST API:
 * GET /v1/models/NAME (status), GET /v1/models/NAME/metadata, POST /v1/models/NAME:predict with
 * {"instances": [...]} → {"predictions": [...]}. Bad requests get a 4xx status and {"error": "..."}.
 * Requests arriving within `batchWindowMs` are predicted in one batch. Listens on 127.0.0.1 by default.
 *
 * @example const server = await deploy.serve({ model, card }); … await server.close();
 */
export async function serve(models: ServedModel | ServedModel[], options: ServeOptions = {}): Promise<PredictionServer> {
  const list = Array.isArray(models) ? models : [models];
  if (list.length === 0) throw new TrainlabError("serve() needs at least one model.");
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const maxInstances = options.maxInstances ?? 256;
  const monitor = options.monitor ?? defaultMonitor;
  const monitorLimit = options.monitorLimit ?? 20_000;
  const entries = new Map<string, _Entry>();
  for (const m of list) {
    const name = m.name ?? m.card?.name;
    if (!name || !/^[A-Za-z0-9._-]+$/.test(name)) throw new TrainlabError(`Each served model needs a name of letters, digits, ".", "-" or "_" (got ${JSON.stringify(name)}); pass {model, name} or {model, card}.`);
    if (entries.has(name)) throw new TrainlabError(`Two models are named "${name}"; names must be unique.`);
    if (m.model.inputs.length !== 1) throw new TrainlabError(`Model "${name}" has ${m.model.inputs.length} inputs; serve() handles single-input models.`);
    const shape = m.model.inputs[0].shape.slice(1);
    if (shape.some((d) => d === null)) throw new TrainlabError(`Model "${name}" has an input shape with unknown sizes ([${shape}]); serve() needs fixed sizes.`);
    const entry: _Entry = {
      name,
      version: m.version ?? m.card?.version ?? 1,
      model: m.model,
      card: m.card,
      shape: shape as number[],
      inputName: m.card?.inputs?.[0]?.name ?? m.model.inputs[0].name.replace(/:\d+$/, ""),
      records: {},
      batcher: undefined as unknown as Batcher,
    };
    const size = entry.shape.reduce((a, d) => a * d, 1);
    entry.batcher = new Batcher(m.model, entry.shape, { windowMs: options.batchWindowMs, maxBatchSize: options.maxBatchSize }, (flat, count, rows) => {
      for (let i = 0; i < count; i++) {
        const rec = monitor(flat.subarray(i * size, (i + 1) * size), rows[i]);
        for (const [k, v] of Object.entries(rec)) (entry.records[k] ??= []).push(v);
      }
      for (const col of Object.values(entry.records)) if (col.length > monitorLimit) col.splice(0, col.length - monitorLimit);
    });
    entries.set(name, entry);
  }

  const byStatus: Record<string, number> = {};
  let requests = 0;
  let inFlight = 0;
  let closing = false;
  let closePromise: Promise<void> | undefined;

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      ...(closing || status === 413 ? { Connection: "close" } : {}),
      ...headers,
    });
    res.end(text);
    requests++;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (closing) {
      req.resume();
      return send(res, 503, { error: "The server is shutting down; retry against another replica." });
    }
    const url = (req.url ?? "/").split("?")[0];
    const match = PATH.exec(url);
    if (!match) {
      req.resume();
      return send(res, 404, { error: `Unknown path ${url}; use /v1/models/NAME, /v1/models/NAME/metadata or /v1/models/NAME:predict.` });
    }
    const [, rawName, version, metadata, verb] = match;
    const name = decodeURIComponent(rawName);
    const entry = entries.get(name);
    if (!entry) {
      req.resume();
      return send(res, 404, { error: `Servable not found for request: Latest(${name}). Models served here: ${[...entries.keys()].join(", ")}.` });
    }
    if (version !== undefined && Number(version) !== entry.version) {
      req.resume();
      return send(res, 404, { error: `Servable not found for request: Specific(${name}, ${version}). Version ${entry.version} is served.` });
    }
    if (verb !== undefined && verb !== "predict") {
      req.resume();
      return send(res, 400, { error: `":${verb}" is not supported here; use ":predict".` });
    }
    const isPredict = verb === "predict";
    const allowed = isPredict ? "POST" : "GET";
    if (req.method !== allowed && !(allowed === "GET" && req.method === "HEAD")) {
      req.resume();
      return send(res, 405, { error: `${req.method} is not allowed on ${url}; use ${allowed}.` }, { Allow: allowed });
    }
    if (!isPredict) {
      if (metadata) return send(res, 200, _metadata(entry));
      return send(res, 200, { model_version_status: [{ version: String(entry.version), state: "AVAILABLE", status: { error_code: "OK", error_message: "" } }] });
    }
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBody) {
      req.resume();
      return send(res, 413, { error: `The body is ${declared} bytes; the limit is ${maxBody}. Send fewer instances per request.` });
    }
    const body = await _readBody(req, maxBody);
    if (body === "aborted") return;
    if (body === "too-large") return send(res, 413, { error: `The body is larger than the limit of ${maxBody} bytes. Send fewer instances per request.` });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch (e) {
      return send(res, 400, { error: `Malformed JSON body: ${(e as Error).message}.` });
    }
    const { values, count } = parseInstances(parsed, entry.shape, entry.inputName, maxInstances);
    const predictions = await entry.batcher.submit(values, count);
    send(res, 200, { predictions });
  };

  const server = http.createServer((req, res) => {
    inFlight++;
    res.on("close", () => inFlight--);
    handle(req, res).catch((e: unknown) => {
      if (e instanceof RequestError) send(res, e.status, { error: e.message });
      else send(res, 500, { error: `Prediction failed: ${(e as Error).message}` });
    });
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(new TrainlabError(e.code === "EADDRINUSE" ? `Port ${options.port} is already in use; pick another or pass port: 0 for a free one.` : `The server could not start: ${e.message}`)),
    );
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  const close = (): Promise<void> => {
    if (closePromise) return closePromise;
    closing = true;
    closePromise = (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([...entries.values()].map((e) => e.batcher.drain()));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, options.closeTimeoutMs ?? 10_000);
      });
      // Responses finished while closing carry "Connection: close"; idle keep-alive sockets are closed above.
      const idleSweep = setInterval(() => server.closeIdleConnections(), 20);
      await Promise.race([closed, timeout]);
      clearInterval(idleSweep);
      clearTimeout(timer);
    })();
    return closePromise;
  };

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close,
    get closed() {
      return closing;
    },
    stats: () => {
      const all = [...entries.values()];
      const sizes = all.flatMap((e) => e.batcher.batchSizes);
      const reqs = all.flatMap((e) => e.batcher.requestsPerBatch);
      const mean = (a: number[]) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
      return { byStatus: { ...byStatus }, requests, instances: sizes.reduce((s, v) => s + v, 0), batches: sizes.length, meanBatchSize: mean(sizes), meanRequestsPerBatch: mean(reqs), inFlight };
    },
    monitored: (name?: string) => {
      const e = _pick(entries, name);
      return Object.fromEntries(Object.entries(e.records).map(([k, v]) => [k, [...v]]));
    },
    clearMonitored: (name?: string) => {
      _pick(entries, name).records = {};
    },
  };
}

function _pick(entries: Map<string, _Entry>, name?: string): _Entry {
  const e = name === undefined ? entries.values().next().value : entries.get(name);
  if (!e) throw new TrainlabError(`No model named "${name}" is served; served: ${[...entries.keys()].join(", ")}.`);
  return e as _Entry;
}

function _readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true; // keep draining so the client can read our 413
      else chunks.push(c);
    });
    req.on("end", () => resolve(tooLarge ? "too-large" : Buffer.concat(chunks)));
    req.on("aborted", () => resolve("aborted"));
    req.on("error", () => resolve("aborted"));
  });
}

function _dtype(d: string): string {
  return { float32: "DT_FLOAT", int32: "DT_INT32", bool: "DT_BOOL", string: "DT_STRING" }[d] ?? "DT_FLOAT";
}

function _tensorInfo(name: string, dtype: string, shape: (number | null)[]) {
  return { dtype: _dtype(dtype), tensor_shape: { dim: shape.map((d) => ({ size: String(d ?? -1), name: "" })), unknown_rank: false }, name };
}

function _metadata(e: _Entry) {
  const inputs = Object.fromEntries(e.model.inputs.map((t) => [e.inputName, _tensorInfo(t.name, t.dtype, t.shape)]));
  const outputs = Object.fromEntries(e.model.outputs.map((t, i) => [e.card?.outputs?.[i]?.name ?? `output_${i}`, _tensorInfo(t.name, t.dtype, t.shape)]));
  return {
    model_spec: { name: e.name, signature_name: "", version: String(e.version) },
    metadata: { signature_def: { signature_def: { serving_default: { inputs, outputs, method_name: "tensorflow/serving/predict" } } } },
    card: e.card ?? null,
  };
}
