import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { jupyterEnv, jupyterPython, repoRoot } from "./paths";

export interface RunOptions {
  /** Where the executed copy goes. Default: NAME.out.ipynb beside the input. */
  out?: string;
  /** Seconds a single cell may run. Default 300. */
  timeout?: number;
  /** Keep running after a failing cell (the exit code still says it failed). */
  allowErrors?: boolean;
  /** Print nothing on success. */
  quiet?: boolean;
}

export interface RunResult {
  status: number;
  out: string;
  /** 1-based indices of the cells that failed. */
  errors: number[];
  stderr: string;
  seconds: number;
}

/**
 * Executes a notebook headless in real Jupyter (nbclient) with the Trainlab kernel and writes
 * the executed copy. The kernel runs in the notebook's folder when that folder can import
 * @trainlab/kernel-ext, else in a scratch folder that can.
 */
export function runNotebook(notebook: string, options: RunOptions = {}): RunResult {
  const input = path.resolve(notebook);
  if (!fs.existsSync(input)) throw new TrainlabError(`No notebook at ${input}.`);
  const out = path.resolve(options.out ?? input.replace(/\.ipynb$/, "") + ".out.ipynb");
  const scratch = canImportKernelExt(path.dirname(input)) ? null : scratchDir();
  const cwd = scratch ?? path.dirname(input);
  const started = Date.now();
  const args = [path.join(repoRoot(), "kernel", "run_notebook.py"), input, "--out", out, "--cwd", cwd, "--timeout", String(options.timeout ?? 300)];
  if (options.allowErrors) args.push("--allow-errors");
  const child = spawnSync(jupyterPython(), args, { env: jupyterEnv(), encoding: "utf8", maxBuffer: 64 << 20 });
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  const seconds = (Date.now() - started) / 1000;
  let errors: number[] = [];
  const last = child.stdout.trim().split("\n").pop() ?? "";
  try {
    errors = JSON.parse(last).errors ?? [];
  } catch {
    /* the runner failed before its summary; stderr says why */
  }
  const status = child.status ?? 1;
  return { status: status === 0 && errors.length > 0 ? 1 : status, out, errors, stderr: child.stderr, seconds };
}

function canImportKernelExt(dir: string): boolean {
  try {
    require.resolve("@trainlab/kernel-ext", { paths: [dir] });
    return true;
  } catch {
    return false;
  }
}

/**
 * A scratch folder inside the course (.trainlab/run/), so cells import @trainlab/kernel-ext and
 * TypeScript names its types exactly as in notebooks/ (through a symlinked node_modules it
 * cannot: "inferred type cannot be named").
 */
function scratchDir(): string {
  const parent = path.join(repoRoot(), ".trainlab", "run");
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, "nb-"));
}

/** `trainlab run NOTEBOOK [--out FILE] [--timeout S] [--allow-errors]` */
export async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  const options: RunOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      console.log("Usage: trainlab run NOTEBOOK [--out FILE] [--timeout SECONDS] [--allow-errors]\n  Executes NOTEBOOK in real Jupyter with the Trainlab kernel and writes the executed copy (default NAME.out.ipynb).");
      return 0;
    } else if (a === "--out") options.out = argv[++i];
    else if (a === "--timeout") options.timeout = Number(argv[++i]);
    else if (a === "--allow-errors") options.allowErrors = true;
    else if (a.startsWith("-")) throw new TrainlabError(`trainlab run: unknown option ${a}. Usage: trainlab run NOTEBOOK [--out FILE] [--timeout SECONDS] [--allow-errors]`);
    else files.push(a);
  }
  if (files.length !== 1) throw new TrainlabError("Usage: trainlab run NOTEBOOK [--out FILE] [--timeout SECONDS] [--allow-errors]");
  const result = runNotebook(files[0], options);
  process.stderr.write(result.stderr);
  if (result.status === 0) console.log(`ran ${files[0]} in ${result.seconds.toFixed(1)} s → ${path.relative(process.cwd(), result.out)}`);
  else console.log(`${files[0]} failed (${result.seconds.toFixed(1)} s); executed copy in ${path.relative(process.cwd(), result.out)}`);
  return result.status;
}
