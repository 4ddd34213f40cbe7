import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { loadTest, percentile } from "@trainlab/kernel-ext/dist/deploy/loadTest";
import { repoRoot } from "../cli/paths";

const USAGE = `Usage: bench-serve [--requests 2000] [--batch-requests 200] [--concurrency 32] [--backend NAME]
                   [--inference worker|inline] [--probe process|inline] [--out FILE]
  Starts \`trainlab serve models/fashion-base\` in a child process and loads it over 127.0.0.1:
  single-image and 64-image requests, each with and without 10 % malformed requests, and single
  images beside 4 clients sending 256-image bodies, while a probe
  asks for the model's status every 20 ms. Prints p50/p95/p99 latency, requests/s, the status
  probe's latency and the server's RSS before and after. The probe runs in its own process
  (--probe inline: on the load clients' event loop, where building and parsing 300 kB bodies
  delays it).`;

/** Options for {@link benchServe}. */
export interface ServeBenchOptions {
  /** Single-image requests per scenario. Default 2,000. */
  requests?: number;
  /** 64-image requests per scenario. Default 200. */
  batchRequests?: number;
  /** Requests in flight at once. Default 32 (8 for 64-image requests). */
  concurrency?: number;
  /** Passed to `trainlab serve --backend`. Default: the server's own choice. */
  backend?: string;
  /** Passed to `trainlab serve --inference`. Default "worker". */
  inference?: "worker" | "inline";
  /**
   * Where the status probe runs: `"process"`, its own Node process, so its latency is the
   * server's alone; `"inline"`, on the load clients' event loop (as before 2026-11-30), where
   * the clients' JSON work delays it. Default "process".
   */
  probe?: "process" | "inline";
}

/** One scenario's figures. */
export interface ServeBenchRow {
  scenario: string;
  requests: number;
  concurrency: number;
  byStatus: Record<string, number>;
  failed: number;
  perSecond: number;
  instancesPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Status-probe latency while the scenario ran, ms. */
  probe: { count: number; p50: number; p99: number; max: number };
}

/** Everything the benchmark measured. */
export interface ServeBenchResult {
  rows: ServeBenchRow[];
  /** The server's first line about where it predicts. */
  inference: string;
  rssBeforeMb: number;
  rssAfterMb: number;
}

/**
 * Load benchmark of the prediction server: the CLI server in its own process (so client and server
 * do not share an event loop), driven by deploy.loadTest over loopback.
 */
export async function benchServe(options: ServeBenchOptions = {}): Promise<ServeBenchResult> {
  const args = ["bin/trainlab.js", "serve", "models/fashion-base", "--port", "0", "--max-queue", "4096", "--max-body-bytes", "4000000"];
  if (options.backend) args.push("--backend", options.backend);
  if (options.inference) args.push("--inference", options.inference);
  const { child, url, lines } = await _start(args);
  try {
    const model = `${url}/v1/models/fashion-base`;
    const rssBeforeMb = _rssMb(child.pid!);
    const image = (seed: number) => Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) => [((r * 28 + c + seed * 7) % 97) / 96]));
    const bad = (i: number): unknown => {
      const kinds = [
        { instances: [image(i).slice(1)] }, // 27 rows instead of 28
        { instances: [[[["0.5"]]]] },
        { images: [image(i)] },
        { instances: [image(i).map((row, r) => (r === 3 ? row.map(() => [1e300]) : row))] },
      ];
      return kinds[i % kinds.length];
    };
    const images = Array.from({ length: 64 }, (_, i) => image(i));
    const single = (i: number) => ({ instances: [images[i % 64]] });
    const batch = () => ({ instances: images });
    const withBad = (f: (i: number) => unknown) => (i: number) => (i % 10 === 9 ? bad(i) : f(i));
    const requests = options.requests ?? 2000;
    const batchRequests = options.batchRequests ?? 200;
    const c = options.concurrency ?? 32;
    const scenarios: { scenario: string; body: (i: number) => unknown; requests: number; concurrency: number; instances: number }[] = [
      { scenario: "1 image per request", body: single, requests, concurrency: c, instances: 1 },
      { scenario: "1 image, 10 % malformed", body: withBad(single), requests, concurrency: c, instances: 1 },
      { scenario: "64 images per request", body: batch, requests: batchRequests, concurrency: Math.max(1, Math.round(c / 4)), instances: 64 },
      { scenario: "64 images, 10 % malformed", body: withBad(batch), requests: batchRequests, concurrency: Math.max(1, Math.round(c / 4)), instances: 64 },
    ];
    // Warm-up: the backend compiles its kernels on the first batches.
    await loadTest(`${model}:predict`, { body: batch, requests: 8, concurrency: 2 });
    // Fairness: single-image clients while 4 clients keep sending 256-image bodies.
    const heavy = { instances: Array.from({ length: 256 }, (_, i) => images[i % 64]) };
    scenarios.push({ scenario: "1 image, beside 4 clients sending 256 images", body: single, requests: Math.round(requests / 2), concurrency: c, instances: 1, beside: heavy } as (typeof scenarios)[number]);
    const rows: ServeBenchRow[] = [];
    for (const s of scenarios as ((typeof scenarios)[number] & { beside?: unknown })[]) {
      const probe = options.probe === "inline" ? _probe(model) : _probeProcess(model);
      let besideDone = false;
      const beside = s.beside
        ? (async () => {
            while (!besideDone) await loadTest(`${model}:predict`, { body: s.beside, requests: 4, concurrency: 4, maxDurationMs: 120_000 });
          })()
        : Promise.resolve();
      const r = await loadTest(`${model}:predict`, { body: s.body, requests: s.requests, concurrency: s.concurrency, maxDurationMs: 120_000 });
      besideDone = true;
      await beside;
      const probes = await probe.stop();
      const ok = r.byStatus[200] ?? 0;
      rows.push({
        scenario: s.scenario,
        requests: r.completed,
        concurrency: s.concurrency,
        byStatus: r.byStatus,
        failed: r.failed,
        perSecond: r.throughput,
        instancesPerSecond: (ok * s.instances) / (r.durationMs / 1000),
        p50: r.latencyMs.p50,
        p95: r.latencyMs.p95,
        p99: r.latencyMs.p99,
        probe: probes,
      });
    }
    return { rows, inference: lines.find((l) => l.startsWith("Predicting")) ?? "", rssBeforeMb, rssAfterMb: _rssMb(child.pid!) };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

/** Asks for the model's status every 20 ms until stopped; resolves with the latency summary. */
function _probe(model: string): { stop(): Promise<ServeBenchRow["probe"]> } {
  const times: number[] = [];
  let running = true;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        http.get(model, { agent }, (res) => res.resume().on("end", () => resolve())).on("error", () => resolve());
      });
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      const sorted = times.sort((a, b) => a - b);
      return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
    },
  };
}

/** The probe loop of {@link _probe} as a script of its own: prints the latencies (JSON) once its stdin closes. */
const PROBE_SCRIPT = `
const http = require("http");
const { performance } = require("perf_hooks");
const times = [];
let running = true;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
process.stdin.on("end", () => { running = false; });
process.stdin.resume();
(async () => {
  while (running) {
    const t0 = performance.now();
    await new Promise((resolve) => {
      http.get(process.argv[1], { agent }, (res) => res.resume().on("end", resolve)).on("error", resolve);
    });
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  agent.destroy();
  process.stdout.write(JSON.stringify(times));
})();
`;

/** Like {@link _probe}, in its own Node process: no load client shares its event loop. */
function _probeProcess(model: string): { stop(): Promise<ServeBenchRow["probe"]> } {
  const child = spawn(process.execPath, ["-e", PROBE_SCRIPT, model], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    async stop() {
      child.stdin!.end();
      await exited;
      let times: number[];
      try {
        times = JSON.parse(out) as number[];
      } catch {
        throw new TrainlabError(`the status probe process printed no latencies (${out.slice(0, 200) || "nothing"}).`);
      }
      const sorted = times.sort((a, b) => a - b);
      return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
    },
  };
}

function _start(args: string[]): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn(process.execPath, args, { cwd: repoRoot(), stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let text = "";
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      text += c;
      lines.splice(0, lines.length, ...text.split("\n"));
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\/v1\/models\//.exec(text);
      if (m) resolve({ child, url: m[1], lines });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new TrainlabError(`trainlab serve exited (${code}) before serving: ${text.slice(-500)}`)));
  });
}

function _rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Prints the benchmark as a markdown table (and writes it to --out, default bench/results/serve-latest.md). */
export async function main(argv: string[]): Promise<number> {
  const options: ServeBenchOptions = {};
  let out = path.join(repoRoot(), "bench", "results", "serve-latest.md");
  const int = (v: string | undefined, flag: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new TrainlabError(`${flag} must be a positive integer.\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return console.log(USAGE), 0;
    if (a === "--requests") options.requests = int(argv[++i], a);
    else if (a === "--batch-requests") options.batchRequests = int(argv[++i], a);
    else if (a === "--concurrency") options.concurrency = int(argv[++i], a);
    else if (a === "--backend") options.backend = argv[++i];
    else if (a === "--inference") options.inference = argv[++i] as "worker" | "inline";
    else if (a === "--probe") {
      const where = argv[++i];
      if (where !== "process" && where !== "inline") throw new TrainlabError(`--probe takes process or inline.\n${USAGE}`);
      options.probe = where;
    } else if (a === "--out") out = path.resolve(argv[++i]);
    else throw new TrainlabError(`unknown argument ${a}.\n${USAGE}`);
  }
  const load = os.loadavg()[0].toFixed(1);
  console.log(`server benchmark: ${os.cpus().length} cores, load average ${load} at start`);
  const r = await benchServe(options);
  const f = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const md = [
    `${r.inference}`,
    `Load average ${load} at start, ${os.loadavg()[0].toFixed(1)} at the end; ${os.cpus().length} cores. Status probe ${options.probe === "inline" ? "on the load clients' event loop" : "in its own process"}. Server RSS ${r.rssBeforeMb.toFixed(0)} MB before, ${r.rssAfterMb.toFixed(0)} MB after.`,
    "",
    "| scenario | requests | in flight | statuses | req/s | images/s | p50 ms | p95 ms | p99 ms | status probe p50 / p99 / max ms |",
    "|---|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ...r.rows.map(
      (x) =>
        `| ${x.scenario} | ${x.requests} | ${x.concurrency} | ${Object.entries(x.byStatus).map(([k, v]) => `${k}: ${v}`).join(", ")}${x.failed ? `, failed: ${x.failed}` : ""} | ${f(x.perSecond)} | ${f(x.instancesPerSecond)} | ${f(x.p50)} | ${f(x.p95)} | ${f(x.p99)} | ${f(x.probe.p50)} / ${f(x.probe.p99)} / ${f(x.probe.max)} (${x.probe.count}) |`,
    ),
  ].join("\n");
  console.log(md);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, md + "\n");
  return 0;
}
