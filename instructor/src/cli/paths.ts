import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/** The repository (course) root: TRAINLAB_HOME, else two levels above instructor/dist. */
export function repoRoot(): string {
  return process.env.TRAINLAB_HOME || path.resolve(__dirname, "..", "..", "..");
}

/** Environment for Jupyter processes: the repository's kernel spec on JUPYTER_PATH. */
export function jupyterEnv(): NodeJS.ProcessEnv {
  const kernelDir = path.join(repoRoot(), "kernel");
  const jupyterPath = [kernelDir, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, JUPYTER_PATH: jupyterPath };
}

let cachedPython: string | undefined;

/**
 * A Python that has Jupyter's nbclient: TRAINLAB_PYTHON, else Debian's /usr/bin/python3, else
 * python3 on PATH. Throws a TrainlabError saying how to install Jupyter when none has it.
 */
export function jupyterPython(): string {
  if (cachedPython) return cachedPython;
  const candidates = [process.env.TRAINLAB_PYTHON, "/usr/bin/python3", "python3"].filter((p): p is string => !!p);
  for (const python of candidates) {
    if (python.includes("/") && !fs.existsSync(python)) continue;
    const probe = spawnSync(python, ["-c", "import nbclient, nbformat, jupyter_client"], { stdio: "ignore" });
    if (probe.status === 0) return (cachedPython = python);
  }
  throw new TrainlabError(
    "Jupyter is not installed (no Python with nbclient found). Run `npm run setup`, which installs Debian's " +
      "jupyter-notebook, jupyter-nbconvert and python3-nbclient (or `pip install notebook nbclient`), then try again.",
  );
}
