import type * as http from "node:http";
import { RequestError } from "./validate";

/** Options for {@link readBody}. */
export interface BodyLimits {
  /** Largest body accepted, in bytes, chunked or not: passing it gives 413 at once. */
  maxBytes: number;
  /** Longest wait for the next chunk of a body, in ms: a stalled body gives 408. */
  idleTimeoutMs: number;
}

/**
 * Reads a request body within limits enforced as the bytes arrive (not after the end): rejects
 * with RequestError 413 as soon as more than `maxBytes` arrived, 408 when no byte came for
 * `idleTimeoutMs`, and resolves "aborted" when the client went away. On 413/408 reading stops;
 * the caller answers with "Connection: close", so the rest of the body is never read.
 */
export function readBody(req: http.IncomingMessage, limits: BodyLimits): Promise<Buffer | "aborted"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Buffer | "aborted" | RequestError) => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("aborted", onAborted);
      req.off("error", onAborted);
      if (result instanceof RequestError) {
        req.pause();
        reject(result);
      } else resolve(result);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish(new RequestError(408, `The request body stalled: no data for ${limits.idleTimeoutMs} ms after ${size} bytes. Send the whole body without pauses.`)),
        limits.idleTimeoutMs,
      );
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limits.maxBytes) return finish(new RequestError(413, `The body is larger than the limit of ${limits.maxBytes} bytes. Send fewer instances per request.`));
      chunks.push(c);
      arm();
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    const onAborted = () => finish("aborted");
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("aborted", onAborted);
    req.on("error", onAborted);
    arm();
  });
}
