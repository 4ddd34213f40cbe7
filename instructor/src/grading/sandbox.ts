import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/**
 * How a grading child is isolated (docs/grading.md, "The sandbox, layer by layer"):
 * - `"root"`: as root, each child gets its own mount, pid and network namespaces (a file tree
 *   holding only what the notebook needs), its own unprivileged uid (locked across concurrent
 *   runs on this machine), address-space and CPU caps, Node's permission model.
 * - `"userns"`: without root, the same namespaces inside an unprivileged user namespace; the
 *   child keeps the grader's uid outside it (its own pid namespace is what stops signals).
 * - `"unsafe"`: no namespaces (the instructor passed `--unsafe-no-isolation`): the child shares
 *   the grader's uid, network and file tree; only Node's permission model and the caps remain.
 */
export type SandboxMode = "root" | "userns" | "unsafe";

/** What this machine allows. */
export interface SandboxLayers {
  /** The strongest mode available here; null when neither namespace mode is (grading is refused unless unsafe). */
  mode: "root" | "userns" | null;
  /** prlimit found: address-space and CPU caps are on. */
  limits: boolean;
  /** `ip` found: the namespace's own loopback is brought up. */
  loopback: boolean;
  /** Why no namespace mode (or a weaker one) is available, and layers that are missing. */
  missing: string[];
}

let cachedLayers: SandboxLayers | undefined;

/** PATH for the sandbox tools: the grader's, plus the sbin folders a user's PATH often lacks (pivot_root, ip). */
function toolPath(): string {
  return [...(process.env.PATH ?? "/usr/bin:/bin").split(":"), "/usr/sbin", "/sbin"].filter((d, i, all) => d && all.indexOf(d) === i).join(":");
}

/** The tools every namespace mode needs (util-linux, iproute2 optional). */
const NAMESPACE_TOOLS = ["unshare", "mount", "umount", "pivot_root"];

/** Which layers this machine allows (root, the util-linux tools, unprivileged user namespaces). */
export function sandboxLayers(): SandboxLayers {
  if (cachedLayers) return cachedLayers;
  const env = { ...process.env, PATH: toolPath() };
  const has = (tool: string, arg = "--version") => spawnSync(tool, [arg], { stdio: "ignore", env }).status === 0;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const missing: string[] = [];
  const tools = NAMESPACE_TOOLS.filter((t) => !has(t, t === "pivot_root" ? "--help" : "--version"));
  const limits = has("prlimit");
  const loopback = spawnSync("ip", ["-V"], { stdio: "ignore", env }).status === 0;
  let mode: SandboxLayers["mode"] = null;
  if (tools.length) missing.push(`${tools.join(", ")} not found (util-linux): no namespaces`);
  else if (root) {
    // Root in a container without CAP_SYS_ADMIN cannot make namespaces either: try.
    const probe = spawnSync("unshare", ["--mount", "--pid", "--fork", "--net", "true"], { stdio: "ignore", env });
    if (!has("setpriv")) missing.push("setpriv not found (util-linux): children would keep root's uid");
    else if (probe.status !== 0) missing.push("running as root, but this machine refuses new namespaces (unshare --mount --pid --net failed: a container without CAP_SYS_ADMIN?)");
    else mode = "root";
  } else {
    // Unprivileged user namespaces: allowed by most kernels, switched off by some distributions.
    const probe = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "--pid", "--fork", "--net", "true"], { stdio: "ignore", env });
    if (probe.status === 0) {
      mode = "userns";
      missing.push("not running as root: children run in an unprivileged user namespace (own file tree, pids and network) but keep the grader's uid outside it");
    } else missing.push("not running as root, and this kernel refuses unprivileged user namespaces (unshare --user): no isolation available");
  }
  if (!limits) missing.push("prlimit not found (util-linux): no address-space or CPU cap");
  if (mode && !loopback) missing.push("ip (iproute2) not found: the children's loopback stays down, so notebooks cannot serve on 127.0.0.1");
  cachedLayers = { mode, limits, loopback, missing };
  return cachedLayers;
}

/**
 * The mode a grading run uses: the strongest available; `"unsafe"` only when none is and the
 * instructor asked for it. Throws a TrainlabError when no isolation is available and unsafe was not asked.
 */
export function chooseSandboxMode(options: { unsafe?: boolean } = {}): SandboxMode {
  const layers = sandboxLayers();
  if (layers.mode) return layers.mode;
  if (options.unsafe) return "unsafe";
  throw new TrainlabError(
    `refusing to grade: submissions cannot be isolated on this machine (${layers.missing.join("; ")}). ` +
      `Grade as root (in a throw-away container or VM), or allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1). ` +
      `Only for submissions you trust: --unsafe-no-isolation (children then share your uid, files and network).`,
  );
}

/** Options of {@link spawnSandboxed}. */
export interface SandboxOptions {
  /** How the child is isolated. */
  mode: SandboxMode;
  /** The notebook folder on this machine: the child's cwd (unsafe mode only: namespaces give the child its own). */
  notebookDir: string;
  /** The only folder the child may write (seen as /course/scratch inside the namespaces). */
  scratchDir: string;
  /** An empty folder the child's file tree is mounted on (namespace modes). */
  rootDir?: string;
  /** The unprivileged uid (and gid) the child runs as (root mode). */
  uid: number;
  /** Address-space cap in bytes. Default {@link DEFAULT_ADDRESS_SPACE_BYTES} (3 GiB). */
  addressSpaceBytes?: number;
  /** CPU-time cap in seconds (prlimit --cpu). Default 120. */
  cpuSeconds?: number;
  /** V8 old-space cap in MiB. Default 1024. */
  maxOldSpaceMb?: number;
  /**
   * A V8 startup snapshot (host path) the child starts from instead of loading TypeScript itself
   * (snapshot.ts); bound read-only into the child's tree. Ignored in unsafe mode.
   */
  snapshot?: string;
  /** Build that snapshot instead of grading: written to {@link SNAPSHOT_FILE} in the scratch folder. */
  buildSnapshot?: boolean;
}

/** The snapshot's file name in the builder's scratch folder. */
export const SNAPSHOT_FILE = "grading.blob";

/** Where a child sees its snapshot inside the namespaces. */
const SANDBOX_SNAPSHOT = "/snapshot/grading.blob";

/**
 * The V8 flags of every grading child. A startup snapshot only loads under the V8 flags it was
 * built with, so the builder gets exactly these too.
 */
export function childV8Flags(options: Pick<SandboxOptions, "maxOldSpaceMb" | "addressSpaceBytes">): string[] {
  return [
    `--max-old-space-size=${options.maxOldSpaceMb ?? 1024}`,
    // Without it an address-space cap below ~12 GiB makes the wasm backend fail silently.
    "--disable-wasm-trap-handler",
    ...wasmMemoryFlags(options.addressSpaceBytes ?? DEFAULT_ADDRESS_SPACE_BYTES),
  ];
}

/** The node_modules folder holding tslab and kernel-ext's dependencies (its real path). */
export function nodeModulesDir(): string {
  return fs.realpathSync(path.resolve(path.dirname(require.resolve("tslab/package.json")), ".."));
}

/** The course's shipped, read-only data a notebook may read: datasets/ and models/ (weights). */
export const COURSE_DATA = ["datasets", "models"];

/** Data sets that Debian ships outside the course (fashion-mnist's training half). */
const SYSTEM_DATA = ["/usr/share/datasets"];

/** The folders of {@link COURSE_DATA} that exist in this course. */
export function courseDataDirs(): string[] {
  const course = path.dirname(nodeModulesDir());
  return COURSE_DATA.map((d) => path.join(course, d)).filter((d) => fs.existsSync(d));
}

/** kernel-ext's own folder (dist, package.json, its own node_modules). */
function packageDir(): string {
  return fs.realpathSync(path.dirname(require.resolve("@trainlab/kernel-ext/package.json")));
}

/** This package's own folder (the grading child's runner is in its dist/). */
function instructorDir(): string {
  return fs.realpathSync(path.resolve(__dirname, "..", ".."));
}

/** Where the course appears inside a child's namespaces. */
export const SANDBOX_COURSE = "/course";

/**
 * Sets up a child's file tree inside fresh mount and pid namespaces, then runs the command
 * after `--` as a child of this shell (pid 1 of the namespace, so the notebook's parent is a
 * root-owned process it cannot signal). Arguments: ROOT SCRATCH, then `ro SRC DST` triples
 * (read-only bind mounts; DST inside the tree), then `--` and the command.
 * The tree: a read-only tmpfs with /usr (and /bin, /lib… as the host has them), ld.so.cache,
 * four device nodes, a fresh /proc (this pid namespace only; other uids' processes hidden), the
 * binds, and the scratch folder.
 */
const SETUP_SCRIPT = `set -eu
R="$1"; SCRATCH="$2"; shift 2
mount -t tmpfs -o mode=755,size=8m trainlab-sandbox "$R"
for d in usr bin lib lib32 lib64 libx32 sbin; do
  if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$R/$d"
  elif [ -d "/$d" ]; then mkdir "$R/$d"; mount --rbind "/$d" "$R/$d"; mount -o remount,bind,ro "$R/$d"; fi
done
mkdir -p "$R/etc" "$R/dev" "$R/proc" "$R${SANDBOX_COURSE}/notebook" "$R${SANDBOX_COURSE}/scratch" "$R/.old"
# One process per bind (mount(8) remounts it read-only itself); the shell's builtins do the rest.
ro() {
  if [ -d "$1" ]; then mkdir -p "$R$2"; else mkdir -p "$R\${2%/*}"; : > "$R$2"; fi
  mount -o bind,ro "$1" "$R$2"
}
if [ -f /etc/ld.so.cache ]; then ro /etc/ld.so.cache /etc/ld.so.cache; fi
for n in null zero random urandom; do : > "$R/dev/$n"; mount --bind "/dev/$n" "$R/dev/$n"; done
while [ "$1" = ro ]; do ro "$2" "$3"; shift 3; done
[ "$1" = -- ] && shift
mount --bind "$SCRATCH" "$R${SANDBOX_COURSE}/scratch"
mount -t proc -o nosuid,nodev,noexec,hidepid=2 proc "$R/proc" 2>/dev/null || mount -t proc -o nosuid,nodev,noexec proc "$R/proc" 2>/dev/null || true
if command -v ip >/dev/null; then ip link set lo up; fi
cd "$R"
pivot_root . .old
umount -l /.old
rmdir /.old
mount -o remount,bind,ro /
cd ${SANDBOX_COURSE}/notebook
trap 'true' INT TERM
"$@" && exit 0 || exit $?
`;

/**
 * The grading child's default address-space cap (prlimit --as): 3 GiB. Mostly reservations,
 * not memory: a chapter-0 child reserves ~1.5 GiB before its second cell (V8's code and heap
 * ranges, tfjs' wasm memory, each WebAssembly memory reserved at its maximum — no trap handler),
 * and the first `fetch` adds undici's HTTP parser, another wasm memory: 2 GiB made chapter 8's
 * child die at its first request ("JavaScript heap out of memory" with a 170 MB heap).
 */
export const DEFAULT_ADDRESS_SPACE_BYTES = 3221225472;

/** The most one WebAssembly memory of a grading child may reserve: 512 MiB (8,192 pages of 64 KiB). */
export const MAX_WASM_MEMORY_PAGES = 8192;

/**
 * V8 flags that let WebAssembly memories fit under an address-space cap of `addressSpaceBytes`:
 * at most a quarter of it per memory, and never more than {@link MAX_WASM_MEMORY_PAGES} (512 MiB
 * under 2 and 3 GiB). Without a trap handler V8 reserves a memory's declared maximum up front
 * (tfjs' wasm backend declares 4 GiB); under the cap that fails, and V8 then runs
 * memory-pressure garbage collections and retries before it falls back to the initial size —
 * ~1.1 s of CPU per grading child once TypeScript's heap is loaded (measured:
 * `tf.setBackend("wasm")` 1,056 ms → 7 ms of CPU in a chapter-0 child).
 */
export function wasmMemoryFlags(addressSpaceBytes: number): string[] {
  const pages = Math.max(256, Math.min(MAX_WASM_MEMORY_PAGES, Math.floor(addressSpaceBytes / 4 / 65536)));
  return [`--wasm-max-mem-pages=${pages}`];
}

/**
 * The child's environment beyond PATH and TMPDIR: glibc gives each thread that allocates a 64 MB
 * malloc arena (reserved address space, ~250 MB in a grading child); two are plenty for Node.
 */
export const CHILD_ENV = { MALLOC_ARENA_MAX: "2" };

/** The command line (program + arguments) that starts a grading child under the layers of `options.mode`. */
export function sandboxCommand(options: SandboxOptions): string[] {
  const layers = sandboxLayers();
  const pkg = packageDir();
  const course = path.dirname(nodeModulesDir());
  const namespaces = options.mode !== "unsafe";
  // Inside the namespaces the course is at /course; in unsafe mode at its real path.
  const at = (dir: string) => (namespaces ? path.posix.join(SANDBOX_COURSE, path.relative(course, dir)) : dir);
  const childPkg = namespaces ? path.posix.join(SANDBOX_COURSE, "kernel-ext") : pkg;
  const tools = instructorDir();
  const childTools = namespaces ? path.posix.join(SANDBOX_COURSE, "instructor") : tools;
  const runner = path.posix.join(childTools, "dist", "grading", "child.js");
  const systemData = SYSTEM_DATA.filter((d) => fs.existsSync(d));
  const scratch = namespaces ? path.posix.join(SANDBOX_COURSE, "scratch") : options.scratchDir;
  // Unsafe mode never starts from a snapshot: its children share one uid, so a notebook could
  // rewrite the file the next student's child starts from.
  const snapshot = namespaces ? options.snapshot : undefined;
  const permissions = [
    "--experimental-permission",
    // One path per flag. kernel-ext itself (dist, package.json, its own node_modules): notebooks
    // resolve its types through it; without it TypeScript picks other versions and cells fail.
    `--allow-fs-read=${at(nodeModulesDir())}`,
    `--allow-fs-read=${childPkg}`,
    // The runner's package (dist, package.json): the child runs from it, never the notebook's code.
    `--allow-fs-read=${childTools}`,
    `--allow-fs-read=${namespaces ? path.posix.join(SANDBOX_COURSE, "notebook") : options.notebookDir}`,
    ...courseDataDirs().map((dir) => `--allow-fs-read=${at(dir)}`),
    ...systemData.map((dir) => `--allow-fs-read=${dir}`),
    // Scratch: written, and read back (a saved model, a listing).
    `--allow-fs-read=${scratch}`,
    `--allow-fs-write=${scratch}`,
  ];
  const node = [
    namespaces ? "node" : process.execPath,
    // The snapshot builder runs Trainlab's code only (in the same namespaces, as the same kind of
    // uid): a snapshot built under the permission model cannot start a child under it (Node 20
    // defines process.permission twice), and the children get the permission model anyway.
    ...(options.buildSnapshot ? [] : permissions),
    ...childV8Flags(options),
    "--disable-warning=ExperimentalWarning",
    ...(options.buildSnapshot
      ? ["--snapshot-blob", path.posix.join(scratch, SNAPSHOT_FILE), "--build-snapshot", path.posix.join(childTools, "dist", "grading", "snapshotEntry.js")]
      : snapshot
        ? ["--snapshot-blob", SANDBOX_SNAPSHOT]
        : [runner]),
  ];
  let command = node;
  if (options.mode === "root") command = ["setpriv", `--reuid=${options.uid}`, `--regid=${options.uid}`, "--clear-groups", "--no-new-privs", "--", ...command];
  // In a user namespace the child stays "root" of it: drop every capability, so it cannot undo a mount.
  if (options.mode === "userns") command = ["setpriv", "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--", ...command];
  if (layers.limits) command = ["prlimit", `--as=${options.addressSpaceBytes ?? DEFAULT_ADDRESS_SPACE_BYTES}`, `--cpu=${options.cpuSeconds ?? 120}`, "--", ...command];
  if (!namespaces) return command;
  if (!options.rootDir) throw new TrainlabError("sandboxCommand: rootDir is required with namespaces (an empty folder to mount the child's file tree on).");
  const binds: string[] = [];
  const ro = (src: string, dst: string) => binds.push("ro", src, dst);
  // node_modules as it is, but its workspace link (@trainlab/kernel-ext -> ../../kernel-ext) now
  // resolves to a kernel-ext that holds only dist/, package.json and its own node_modules.
  ro(nodeModulesDir(), at(nodeModulesDir()));
  ro(path.join(pkg, "package.json"), path.posix.join(childPkg, "package.json"));
  ro(path.join(pkg, "dist"), path.posix.join(childPkg, "dist"));
  if (fs.existsSync(path.join(pkg, "node_modules"))) ro(path.join(pkg, "node_modules"), path.posix.join(childPkg, "node_modules"));
  ro(path.join(tools, "package.json"), path.posix.join(childTools, "package.json"));
  ro(path.join(tools, "dist"), path.posix.join(childTools, "dist"));
  if (fs.existsSync(path.join(tools, "node_modules"))) ro(path.join(tools, "node_modules"), path.posix.join(childTools, "node_modules"));
  for (const dir of courseDataDirs()) ro(dir, at(dir));
  if (snapshot && !options.buildSnapshot) ro(snapshot, SANDBOX_SNAPSHOT);
  // Node itself, when it is not under /usr (nvm, a CI tool cache): its install folder, read-only.
  const nodeHome = path.dirname(path.dirname(fs.realpathSync(process.execPath)));
  if (!nodeHome.startsWith("/usr/")) ro(nodeHome, nodeHome);
  const pathInside = [...(nodeHome.startsWith("/usr/") ? [] : [path.join(nodeHome, "bin")]), "/usr/local/bin", "/usr/bin", "/bin"].join(":");
  const unshare = ["unshare", ...(options.mode === "userns" ? ["--user", "--map-root-user"] : []), "--mount", "--pid", "--fork", "--kill-child", "--net", "--"];
  // TMPDIR: os.tmpdir() is the scratch folder, the one place a notebook may write (chapter 8 saves a model there).
  return [...unshare, "sh", "-c", SETUP_SCRIPT, "trainlab-sandbox", options.rootDir, options.scratchDir, ...binds, "--", "env", "-i", `PATH=${pathInside}`, `TMPDIR=${scratch}`, ...Object.entries(CHILD_ENV).map(([k, v]) => `${k}=${v}`), ...command];
}

/**
 * Starts a grading child: detached (its own process group), environment {PATH, TMPDIR} only, stdout
 * and stderr piped (the caller caps what it keeps), fd 3 carrying the grader's requests and
 * fd 4 the child's replies (newline-delimited JSON the grader parses itself: never Node's IPC).
 */
export function spawnSandboxed(options: SandboxOptions): ChildProcess {
  const [program, ...args] = sandboxCommand(options);
  const child = spawn(program, args, {
    cwd: options.mode === "unsafe" ? options.notebookDir : "/",
    env: { PATH: toolPath(), ...(options.mode === "unsafe" ? { TMPDIR: options.scratchDir, ...CHILD_ENV } : {}) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"],
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

/** Signals a child's whole process group (it was spawned detached, so its pid is the group id). */
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

/** A uid held for one child; `release` frees it for any grading run on this machine. */
export interface UidLease {
  uid: number;
  release(): void;
}

/** Where uid locks live: root-only, shared by every grading run on this machine. */
export function uidLockDir(): string {
  const dir = fs.existsSync("/run") ? "/run/trainlab-grade-uids" : path.join(require("os").tmpdir(), "trainlab-grade-uids");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * Leases an unprivileged uid no account uses and no other grading child on this machine holds
 * (any run): `flock` on a per-uid lock file, held by a helper process until `release()` or until
 * this process dies (the kernel drops the lock then, so a crash leaks nothing).
 */
export async function leaseUid(options: { base?: number; dir?: string } = {}): Promise<UidLease> {
  const used = usedUids();
  const dir = options.dir ?? uidLockDir();
  for (let uid = options.base ?? 62000; uid < 65534; uid++) {
    if (used.has(uid) || held.has(uid)) continue;
    const lease = await tryLock(path.join(dir, `${uid}.lock`), uid);
    if (lease) return lease;
  }
  throw new TrainlabError("no free uid between 62000 and 65533 for a grading child: too many grading runs at once; lower --jobs or wait.");
}

/** uids this process holds (another lease in this process skips them without asking flock). */
const held = new Set<number>();

function tryLock(file: string, uid: number): Promise<UidLease | null> {
  return new Promise((resolve, reject) => {
    // The helper prints "locked" once it holds the lock, then waits for its stdin to close.
    const helper = spawn("flock", ["--nonblock", "--conflict-exit-code", "75", file, "sh", "-c", "echo locked; exec cat >/dev/null"], { stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    helper.on("error", (e) => reject(new TrainlabError(`flock (util-linux) is needed to give each grading child its own uid: ${e.message}`)));
    helper.stdin!.on("error", () => undefined);
    helper.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("locked")) {
        held.add(uid);
        helper.stdout!.removeAllListeners("data");
        helper.stdout!.resume();
        // Held: from now on the helper never keeps the grader alive on its own. Not before: while
        // flock answers, nothing else may hold the event loop, and an unref'd helper let the
        // process exit with status 0 having graded nobody (seen with two uids held by another run).
        helper.unref();
        for (const stream of [helper.stdin, helper.stdout] as unknown as { unref?: () => void }[]) stream?.unref?.();
        resolve({
          uid,
          release: () => {
            held.delete(uid);
            helper.stdin!.end();
          },
        });
      }
    });
    helper.on("exit", () => resolve(null));
  });
}
