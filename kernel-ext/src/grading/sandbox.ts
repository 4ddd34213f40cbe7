import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn, spawnSync } from "child_process";

/**
 * The layers a grading child runs under (measured in docs/grading.md and DESIGN.md):
 * its own unprivileged uid (setpriv), no network (unshare --net), an address-space and CPU cap
 * (prlimit), Node's permission model with one path per --allow-fs-read/--allow-fs-write, a
 * clean environment, and its own process group (killed whole on timeout).
 */
export interface SandboxLayers {
  /** Root with setpriv, unshare and prlimit: every layer is on. */
  privileged: boolean;
  /** prlimit found: address-space and CPU caps are on. */
  limits: boolean;
  /** `ip` found: the namespace's own loopback is brought up. */
  loopback: boolean;
  /** What is missing, for a loud warning; empty when every layer is on. */
  missing: string[];
}

let cachedLayers: SandboxLayers | undefined;

/** Which layers this machine allows (root and the util-linux tools). */
export function sandboxLayers(): SandboxLayers {
  if (cachedLayers) return cachedLayers;
  const has = (tool: string) => spawnSync(tool, ["--version"], { stdio: "ignore" }).status === 0;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const setpriv = has("setpriv");
  const unshare = has("unshare");
  const limits = has("prlimit");
  const missing: string[] = [];
  if (!root) missing.push("not running as root: children keep the grader's uid (no setpriv) and its network (no unshare --net)");
  else {
    if (!setpriv) missing.push("setpriv not found (util-linux): children keep root's uid");
    if (!unshare) missing.push("unshare not found (util-linux): children keep network access");
  }
  if (!limits) missing.push("prlimit not found (util-linux): no address-space or CPU cap");
  const loopback = spawnSync("ip", ["-V"], { stdio: "ignore" }).status === 0;
  if (root && unshare && !loopback) missing.push("ip (iproute2) not found: the children's loopback stays down, so notebooks cannot serve on 127.0.0.1");
  cachedLayers = { privileged: root && setpriv && unshare, limits, loopback, missing };
  return cachedLayers;
}

/** Options of {@link spawnSandboxed}. */
export interface SandboxOptions {
  /** The notebook folder: the child's cwd, readable; must resolve node_modules (a link is made). */
  notebookDir: string;
  /** The only folder the child may write. */
  scratchDir: string;
  /** The unprivileged uid (and gid) the child runs as, when root. */
  uid: number;
  /** Address-space cap in bytes. Default 2147483648 (2 GiB). */
  addressSpaceBytes?: number;
  /** CPU-time cap in seconds (prlimit --cpu). Default 120. */
  cpuSeconds?: number;
  /** V8 old-space cap in MiB. Default 1024. */
  maxOldSpaceMb?: number;
  /** The script the child runs. Default: grading/child.js beside this file. */
  runner?: string;
}

/** The node_modules folder holding tslab and kernel-ext's dependencies (its real path). */
export function nodeModulesDir(): string {
  return fs.realpathSync(path.resolve(path.dirname(require.resolve("tslab/package.json")), ".."));
}

/** The course's shipped, read-only data a notebook may read: datasets/ and models/ (weights). */
export const COURSE_DATA = ["datasets", "models"];

/** The folders of {@link COURSE_DATA} that exist in this course. */
export function courseDataDirs(): string[] {
  const course = path.dirname(nodeModulesDir());
  return COURSE_DATA.map((d) => path.join(course, d)).filter((d) => fs.existsSync(d));
}

/** The command line (program + arguments) that starts a grading child under every available layer. */
export function sandboxCommand(options: SandboxOptions): string[] {
  const layers = sandboxLayers();
  const runner = options.runner ?? path.join(__dirname, "child.js");
  // kernel-ext itself (dist, package.json and its own node_modules, e.g. @types/node 20): notebooks
  // resolve its types through it; without it TypeScript picks other versions and cells fail.
  const packageDir = fs.realpathSync(path.resolve(__dirname, "..", ".."));
  const node = [
    process.execPath,
    "--experimental-permission",
    `--allow-fs-read=${nodeModulesDir()}`,
    `--allow-fs-read=${packageDir}`,
    `--allow-fs-read=${fs.realpathSync(runner)}`,
    `--allow-fs-read=${options.notebookDir}`,
    ...courseDataDirs().map((dir) => `--allow-fs-read=${dir}`),
    `--allow-fs-write=${options.scratchDir}`,
    `--max-old-space-size=${options.maxOldSpaceMb ?? 1024}`,
    // Without it an address-space cap below ~12 GiB makes the wasm backend fail silently.
    "--disable-wasm-trap-handler",
    "--disable-warning=ExperimentalWarning",
    runner,
  ];
  let command = node;
  if (layers.privileged) command = ["setpriv", `--reuid=${options.uid}`, `--regid=${options.uid}`, "--clear-groups", "--no-new-privs", "--", ...command];
  if (layers.limits) command = ["prlimit", `--as=${options.addressSpaceBytes ?? 2147483648}`, `--cpu=${options.cpuSeconds ?? 120}`, "--", ...command];
  // A fresh network namespace has only a loopback, and it is down: bring it up (still isolated
  // from the host's), so notebooks that serve and query 127.0.0.1 (chapter 8) work.
  if (layers.privileged) command = ["unshare", "--net", "--", ...(layers.loopback ? ["sh", "-c", 'ip link set lo up && exec "$@"', "sh"] : []), ...command];
  return command;
}

/**
 * Starts a grading child: detached (its own process group), environment {PATH} only, stdout
 * and stderr piped (the caller caps what it keeps), an IPC channel with "advanced" serialization.
 */
export function spawnSandboxed(options: SandboxOptions): ChildProcess {
  const [program, ...args] = sandboxCommand(options);
  const child = spawn(program, args, {
    cwd: options.notebookDir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "advanced",
  });
  running.add(child);
  child.on("exit", () => running.delete(child));
  return child;
}

const running = new Set<ChildProcess>();

/** Kills every grading child still running (on Ctrl-C: detached children would outlive the grader). */
export function killAllSandboxed(): void {
  for (const child of running) killGroup(child);
}

/** Kills a child's whole process group (it was spawned detached, so its pid is the group id). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** uids in /etc/passwd, so grading children never share a uid with a real account or service. */
export function usedUids(): Set<number> {
  try {
    return new Set(
      fs
        .readFileSync("/etc/passwd", "utf8")
        .split("\n")
        .map((line) => Number(line.split(":")[2]))
        .filter((n) => Number.isInteger(n)),
    );
  } catch {
    return new Set();
  }
}

/**
 * `count` unprivileged uids no account uses, one per concurrent child, so children cannot signal
 * or trace each other (a shared uid like 65534 "nobody" would let them).
 */
export function pickUids(count: number, base = 62000): number[] {
  const used = usedUids();
  const uids: number[] = [];
  for (let uid = base; uids.length < count && uid < 65534; uid++) if (!used.has(uid)) uids.push(uid);
  return uids;
}
