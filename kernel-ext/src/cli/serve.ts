import * as fs from "node:fs";
import * as path from "node:path";
import { TrainlabError } from "../errors";
import { loadWithCard } from "../deploy/card";
import { serve } from "../deploy/server";
import { loadModel } from "../transfer/io";

const HELP = `Usage: trainlab serve MODEL_DIR [--port N] [--host 127.0.0.1] [--name NAME]
                     [--batch-window-ms 5] [--max-body-bytes 1000000]

Serves a saved model (a folder with model.json + weights.bin, and card.json when saved with
deploy.saveWithCard) with TF-Serving's REST API:
  GET  /v1/models/NAME            status
  GET  /v1/models/NAME/metadata   signature and model card
  POST /v1/models/NAME:predict    {"instances": [...]} -> {"predictions": [...]}
Ctrl+C (SIGINT) or SIGTERM stops it gracefully: in-flight requests finish first.`;

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
  const known = ["port", "host", "name", "batch-window-ms", "max-body-bytes"];
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
  const hasCard = fs.existsSync(path.join(dir, "card.json"));
  const { model, card } = hasCard ? await loadWithCard(dir) : { model: await loadModel(dir), card: undefined };
  const name = opts.name ?? card?.name ?? path.basename(dir);
  const server = await serve(
    { model, card, name },
    { port, host: opts.host ?? "127.0.0.1", batchWindowMs: num("batch-window-ms", 5), maxBodyBytes: num("max-body-bytes", 1_000_000) },
  );
  console.log(`Serving "${name}" at ${server.url}/v1/models/${name} (Ctrl+C stops)`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`${signal}: finishing in-flight requests…`);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      server.close().then(resolve);
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
  const s = server.stats();
  console.log(`Stopped after ${s.requests} requests (${s.instances} instances in ${s.batches} batches).`);
  model.dispose();
  return 0;
}
