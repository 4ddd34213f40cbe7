import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { parseJsonBody } from "./json";
import { RequestError, parsePredictRequest, type InputSignature, type PredictRequest } from "./validate";

/** Turns a :predict body into checked instances, off the HTTP thread when the body is large. */
export interface BodyParser {
  parse(body: Buffer, input: InputSignature, maxInstances: number): Promise<PredictRequest>;
  close(): Promise<void>;
}

/** Bodies smaller than this are parsed on the HTTP thread: a round trip to the worker costs more than parsing them. */
const INLINE_BELOW = 32_768;

/**
 * A parser that hands bodies of 32 kB and more to a worker thread (JSON.parse of a 1 MB body holds
 * a thread for milliseconds, during which no status request could be answered), or parses on this
 * thread when threads are refused.
 */
export function createBodyParser(): BodyParser {
  let worker: Worker | undefined;
  try {
    worker = new Worker(path.join(__dirname, "parseWorker.js"));
    worker.unref();
  } catch {
    worker = undefined;
  }
  const pending = new Map<number, { resolve: (r: PredictRequest) => void; reject: (e: Error) => void }>();
  let next = 1;
  let broken: string | undefined;
  const failAll = (why: string) => {
    broken = why;
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
  };
  worker?.on("message", (m: ParseReply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve({ format: m.format, values: m.values, count: m.count });
    else p.reject(new RequestError(m.status, m.message, m.headers));
  });
  worker?.on("error", (e) => failAll(`the parsing worker crashed: ${e.message}`));
  worker?.on("exit", () => failAll("the parsing worker exited"));
  return {
    parse(body, input, maxInstances) {
      if (!worker || broken || body.length < INLINE_BELOW) {
        return new Promise((resolve) => resolve(parsePredictRequest(parseJsonBody(body.toString("utf8")), input, { maxInstances })));
      }
      // Transfer needs a buffer of its own (small Buffers share Node's pool).
      const own = body.byteOffset === 0 && body.buffer.byteLength === body.length ? body : Buffer.from(body);
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, bytes: own, input, maxInstances } satisfies ParseRequest, [own.buffer as ArrayBuffer]);
      });
    },
    async close() {
      broken ??= "closed";
      await worker?.terminate();
    },
  };
}

/** Message to the parsing worker. */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  input: InputSignature;
  maxInstances: number;
}

/** Message from the parsing worker. */
export type ParseReply =
  | ({ id: number; ok: true } & PredictRequest)
  | { id: number; ok: false; status: number; message: string; headers: Record<string, string> };

/** What the parsing worker does with one message. */
export function handleParseRequest(m: ParseRequest): { reply: ParseReply; transfer: ArrayBuffer[] } {
  try {
    const text = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength).toString("utf8");
    const r = parsePredictRequest(parseJsonBody(text), m.input, { maxInstances: m.maxInstances });
    return { reply: { id: m.id, ok: true, ...r }, transfer: [r.values.buffer as ArrayBuffer] };
  } catch (e) {
    const status = e instanceof RequestError ? e.status : 400;
    return { reply: { id: m.id, ok: false, status, message: (e as Error).message, headers: e instanceof RequestError ? e.headers : {} }, transfer: [] };
  }
}
