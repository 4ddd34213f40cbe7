// Helpers for tests that use real Jupyter: the repo's kernel spec on JUPYTER_PATH, Debian's Python.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createRequire } from "node:module";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const require = createRequire(import.meta.url);
export const lab = require(path.join(root, "kernel-ext", "dist", "index.js"));
/** The instructor tooling (lesson build, batch grading): never what a notebook imports. */
export const tools = require(path.join(root, "instructor", "dist", "index.js"));
const paths = require(path.join(root, "instructor", "dist", "cli", "paths.js"));

export const python = () => paths.jupyterPython();
export const jupyterEnv = () => paths.jupyterEnv();

/** Runs cells in a fresh Trainlab kernel through jupyter_client; returns [{reply, iopub}]. */
export function kernelSession(cells, { wait = true, cwd = path.join(root, "notebooks"), interrupt = {} } = {}) {
  const child = spawnSync(python(), [path.join(root, "test", "helpers", "kernel_session.py")], {
    input: JSON.stringify({ cells, wait, cwd, interrupt }),
    env: jupyterEnv(),
    encoding: "utf8",
    timeout: 120000,
    maxBuffer: 256 << 20,
  });
  if (child.status !== 0) throw new Error(`kernel session failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop());
}

/** Reads an executed notebook's code cells: [{source, outputs}]. */
export function codeCells(nb) {
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => ({ source: [].concat(c.source).join(""), outputs: c.outputs, metadata: c.metadata }));
}

/** All text a cell output shows (stream text or text/plain). */
export function outputText(o) {
  const t = o.text ?? o.data?.["text/plain"] ?? o.evalue ?? "";
  return Array.isArray(t) ? t.join("") : String(t);
}
