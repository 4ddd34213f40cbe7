import * as http from "node:http";
import { performance } from "node:perf_hooks";
import { TrainlabError } from "../errors";
import { quantile } from "../core/stats";

/** Options for {@link loadTest}. */
export interface LoadTestOptions {
  /** JSON body of each request, or a function of the request index returning it. */
  body: unknown | ((i: number) => unknown);
  /** Requests to send in total (at most 20,000). Default 200. */
  requests?: number;
  /** Requests in flight at once (at most 256). Default 8. */
  concurrency?: number;
  /** Stop sending new requests after this many ms (in-flight ones finish). Default 30,000. */
  maxDurationMs?: number;
  /** HTTP method. Default "POST". */
  method?: string;
}

/** Latency summary of a load test. Percentiles use linear interpolation between order statistics (numpy's default). */
export interface LoadTestResult {
  /** Requests completed (any status). */
  completed: number;
  /** Requests that failed without a response (connection errors). */
  failed: number;
  /** Responses by HTTP status. */
  byStatus: Record<string, number>;
  /** Wall time of the whole test, ms. */
  durationMs: number;
  /** Completed requests per second. */
  throughput: number;
  /** Latency of completed requests, ms. */
  latencyMs: { mean: number; p50: number; p90: number; p95: number; p99: number; max: number };
  /** Every completed request's latency, ms, in completion order. */
  latencies: number[];
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * Sends `requests` requests to a server on this machine with `concurrency` in flight and reports
 * latency percentiles and throughput. Only loopback URLs are accepted: this is for measuring your own
 * server, never someone else's.
 */
export async function loadTest(url: string, options: LoadTestOptions): Promise<LoadTestResult> {
  const target = new URL(url);
  if (!LOOPBACK.has(target.hostname)) throw new TrainlabError(`loadTest only targets this machine (127.0.0.1, localhost, ::1); got ${target.hostname}.`);
  if (target.protocol !== "http:") throw new TrainlabError(`loadTest speaks plain http; got ${target.protocol}.`);
  const total = options.requests ?? 200;
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(total) || total < 1 || total > 20000) throw new TrainlabError(`requests must be an integer from 1 to 20,000 (got ${total}).`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new TrainlabError(`concurrency must be an integer from 1 to 256 (got ${concurrency}).`);
  const maxMs = options.maxDurationMs ?? 30_000;
  const makeBody = typeof options.body === "function" ? (options.body as (i: number) => unknown) : () => options.body;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total && performance.now() - t0 < maxMs) {
      const i = next++;
      const payload = JSON.stringify(makeBody(i));
      const start = performance.now();
      try {
        const status = await _request(target, options.method ?? "POST", payload, agent);
        latencies.push(performance.now() - start);
        byStatus[status] = (byStatus[status] ?? 0) + 1;
      } catch {
        failed++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const durationMs = performance.now() - t0;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    completed: latencies.length,
    failed,
    byStatus,
    durationMs,
    throughput: latencies.length / (durationMs / 1000),
    latencyMs: {
      mean: sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length),
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
    },
    latencies,
  };
}

/** The q-th percentile (0–100) of values, interpolating linearly as numpy.percentile does by default (the core's quantile at q / 100). */
export function percentile(values: ArrayLike<number>, q: number): number {
  return quantile(Array.from(values), q / 100);
}

function _request(url: URL, method: string, payload: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(method === "GET" || method === "HEAD" ? undefined : payload);
  });
}
