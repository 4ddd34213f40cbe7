import * as path from "node:path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { loadWithCard } from "@trainlab/kernel-ext/dist/deploy/card";
import { serve } from "@trainlab/kernel-ext/dist/deploy/server";
import { loadModel, readModelMetadata } from "@trainlab/kernel-ext/dist/core/modelIo";
import { useBestBackend } from "@trainlab/kernel-ext/dist/train/backend";

const HELP = `Usage: trainlab serve MODEL_DIR [--port N] [--host 127.0.0.1] [--name NAME]
                     [--backend wasm|cpu|tensorflow|tensorflow-gpu] [--inference worker|inline]
                     [--batch-window-ms 5] [--max-batch-size 64] [--max-instances 256]
                     [--max-queue 1024] [--deadline-ms 30000] [--max-body-bytes 1000000]
                     [--body-timeout-ms 10000]

Serves a saved model (a folder with model.json + weights.bin + metadata.json, with a model card
when saved with deploy.saveWithCard) with TF Serving's REST API:
  GET  /v1/models/NAME[/versions/N]            status
  GET  /v1/models/NAME[/versions/N]/metadata   signature and model card
  POST /v1/models/NAME[/versions/N]:predict    {"instances": [...]} -> {"predictions": [...]}
                                               {"inputs": [...]}    -> {"outputs": [...]}
Predictions run in a worker thread on the fastest backend (TRAINLAB_BACKEND or --backend forces one).
Beyond --max-queue waiting instances requests get 503 with Retry-After; a request still waiting
after --deadline-ms gets 504 and is never computed.
SIGTERM or Ctrl+C (SIGINT) stops it gracefully: no new connections, every request already
received is answered, then it exits 0. A second signal exits at once (status 1).`;

/** `trainlab serve MODEL --port N`: runs until SIGINT/SIGTERM, then resolves to 0. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  const opts: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const [k, inline] = a.slice(2).split("=", 2);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new TrainlabError(`--${k} needs a value.\n\n${HELP}`);
      opts[k] = v;
    } else positional.push(a);
  }
  const known = ["port", "host", "name", "backend", "inference", "batch-window-ms", "max-batch-size", "max-instances", "max-queue", "deadline-ms", "max-body-bytes", "body-timeout-ms"];
  const unknown = Object.keys(opts).filter((k) => !known.includes(k));
  if (unknown.length) throw new TrainlabError(`Unknown option --${unknown[0]}.\n\n${HELP}`);
  if (positional.length !== 1) throw new TrainlabError(`Give exactly one model folder.\n\n${HELP}`);
  const dir = path.resolve(positional[0]);
  const num = (k: string, dflt: number) => {
    if (opts[k] === undefined) return dflt;
    const v = Number(opts[k]);
    if (!Number.isInteger(v) || v < 0) throw new TrainlabError(`--${k} must be a non-negative integer (got ${opts[k]}).`);
    return v;
  };
  const port = num("port", 8501);
  if (port > 65535) throw new TrainlabError(`--port must be at most 65535 (got ${port}).`);
  if (opts.inference !== undefined && opts.inference !== "worker" && opts.inference !== "inline") {
    throw new TrainlabError(`--inference must be "worker" or "inline" (got ${opts.inference}).`);
  }
  // Inline mode predicts on this thread: give it the backend the worker would have chosen.
  if (opts.inference === "inline") await useBestBackend({ force: opts.backend, print: false });
  const hasCard = readModelMetadata(dir).card !== undefined;
  const { model, card } = hasCard ? await loadWithCard(dir) : { model: await loadModel(dir), card: undefined };
  const name = opts.name ?? card?.name ?? path.basename(dir);
  const server = await serve(
    { model, card, name },
    {
      port,
      host: opts.host ?? "127.0.0.1",
      backend: opts.backend,
      inference: opts.inference as "worker" | "inline" | undefined,
      batchWindowMs: num("batch-window-ms", 5),
      maxBatchSize: num("max-batch-size", 64),
      maxInstances: num("max-instances", 256),
      maxQueuedInstances: num("max-queue", 1024),
      deadlineMs: num("deadline-ms", 30_000),
      maxBodyBytes: num("max-body-bytes", 1_000_000),
      bodyIdleTimeoutMs: num("body-timeout-ms", 10_000),
    },
  );
  console.log(`Predicting ${server.inference.mode === "worker" ? "in a worker thread" : "on the main thread"}: ${server.inference.why}`);
  console.log(`Serving "${name}" at ${server.url}/v1/models/${name} (Ctrl+C stops)`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        const s = server.stats();
        console.log(`${signal} again: exiting now (${s.inFlight} requests unanswered).`);
        process.exit(1);
      }
      stopping = true;
      console.log(`${signal}: no new connections; answering the ${server.stats().inFlight} requests already received (a second signal exits at once)…`);
      server.close().then(resolve);
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });
  const s = server.stats();
  console.log(`Stopped after ${s.requests} requests (${s.instances} instances in ${s.batches} batches; by status ${JSON.stringify(s.byStatus)}).`);
  model.dispose();
  return 0;
}
