import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { defaultWorkRoot, makeWorkFolders } from "./grader";
import { childV8Flags, killGroup, nodeModulesDir, SANDBOX_COURSE, SandboxMode, SNAPSHOT_FILE, spawnSandboxed } from "./sandbox";

/**
 * The V8 startup snapshot a grading run's children start from (built by snapshotEntry.ts).
 *
 * Without it every grading child spends ~3 s of CPU before its first cell does anything: loading
 * TypeScript, creating tslab's compiler program (parsing TypeScript's lib files and @types/node)
 * and parsing and binding the declarations of kernel-ext and TensorFlow.js when the first cell
 * imports them. A run builds the snapshot once, in a sandboxed child of its own that runs only
 * Trainlab's code, with the children's file layout and V8 flags; each submission then still gets
 * its own fresh process, deserialized from the read-only file. Namespace modes only (unsafe mode
 * shares one uid with the notebooks, which could then rewrite the file between two students).
 *
 * The snapshot is kept for later runs (in a folder only the grader can write, beside the
 * submissions' folders) while nothing it was made from changes: the same Node and V8 flags, the
 * same mode, and every file it read — TypeScript, tslab, the declaration files, Trainlab's own —
 * with the same size and modification time, and the same node_modules/.package-lock.json.
 */
export interface GradingSnapshot {
  /** The snapshot (host path; root-owned, read-only to the children). */
  file: string;
  /** Seconds the build took (0 when an earlier run's snapshot was reused). */
  seconds: number;
  /** True when an earlier run's snapshot was reused. */
  reused: boolean;
  /** Frees it (a kept snapshot stays for the next run). */
  dispose(): void;
}

/** Options of {@link buildGradingSnapshot}. */
export interface BuildSnapshotOptions {
  /** How the builder is isolated: the children's mode (the snapshot holds their file paths). */
  mode: Exclude<SandboxMode, "unsafe">;
  /** The unprivileged uid the builder runs as (root mode). */
  uid: number;
  /** Folder for the build's scratch and for the snapshot. Default: {@link defaultWorkRoot}. */
  workRoot?: string;
  /** Seconds the build may take. Default 120. */
  timeout?: number;
}

/** What a kept snapshot (named by its key) was made from: every file with its size and modification time. */
type Manifest = { files: [file: string, size: number, mtimeMs: number][] };

/** The host path of a path the builder saw inside the sandbox (the course is at /course there). */
function hostPath(inside: string): string {
  const course = path.dirname(nodeModulesDir());
  return inside === SANDBOX_COURSE || inside.startsWith(`${SANDBOX_COURSE}/`) ? path.join(course, inside.slice(SANDBOX_COURSE.length)) : inside;
}

/** What must equal for a kept snapshot to load and to hold the same declarations. */
function snapshotKey(mode: string): string {
  const lock = path.join(nodeModulesDir(), ".package-lock.json");
  const stat = fs.existsSync(lock) ? fs.statSync(lock) : null;
  const parts = { format: 1, node: process.version, execPath: fs.realpathSync(process.execPath), flags: childV8Flags({}), mode, course: path.dirname(nodeModulesDir()), lock: stat ? [stat.size, stat.mtimeMs] : null };
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

function stats(files: string[]): Manifest["files"] {
  return files.map((f) => {
    const st = fs.statSync(f);
    return [f, st.size, st.mtimeMs];
  });
}

/** This run's own name (a hard link) for a kept snapshot: a later run may replace the kept one meanwhile. */
function held(dir: string, kept: string): Pick<GradingSnapshot, "file" | "dispose"> {
  const file = path.join(dir, `run-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.blob`);
  fs.linkSync(kept, file);
  return { file, dispose: () => fs.rmSync(file, { force: true }) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when every file of the manifest is as it was. */
function unchanged(manifest: Manifest): boolean {
  try {
    return manifest.files.every(([f, size, mtimeMs]) => {
      const st = fs.statSync(f);
      return st.size === size && st.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

/**
 * The grading snapshot for a run: the kept one when nothing it was made from changed, else a new
 * build (kept for the next run). Rejects with what went wrong (the caller then grades without one).
 */
export async function gradingSnapshot(options: BuildSnapshotOptions): Promise<GradingSnapshot> {
  const root = options.workRoot ?? defaultWorkRoot(options.mode);
  const dir = path.join(root, "snapshots");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = snapshotKey(options.mode);
  const kept = path.join(dir, `${key}.blob`);
  const manifestFile = path.join(dir, `${key}.json`);
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
    if (fs.existsSync(kept) && unchanged(manifest)) return { ...held(dir, kept), seconds: 0, reused: true };
  } catch {
    /* none kept, or unreadable: build */
  }
  const built = await buildGradingSnapshot(options);
  let files: Manifest["files"];
  try {
    files = stats([...new Set(built.files.map(hostPath))]);
  } catch {
    // A file it read vanished meanwhile: not kept; this run uses its own copy.
    return built;
  }
  if (files.length === 0) return built;
  // Another run may be using an older one: renamed into place (atomic; the build's copy is
  // already the grader's, mode 0644, on the same file system).
  fs.renameSync(built.file, kept);
  built.dispose();
  fs.writeFileSync(`${manifestFile}.${process.pid}.tmp`, JSON.stringify({ files } satisfies Manifest));
  fs.renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
  pruneSnapshots(dir, key);
  return { ...held(dir, kept), seconds: built.seconds, reused: false };
}

/**
 * Snapshots kept per machine: the newest few, so that checkouts or courses grading in turn on one
 * machine (each has its own key) do not keep rebuilding each other's (6–12 s each); each is ~60 MB.
 */
export const KEPT_SNAPSHOTS = 3;

/**
 * Removes from the snapshot folder all but the newest {@link KEPT_SNAPSHOTS} snapshots (`key`,
 * just made, always stays) and the run links of processes that ended. A run still using a removed
 * snapshot holds its own link to it, so removing the name breaks nothing.
 */
export function pruneSnapshots(dir: string, key: string, isAlive: (pid: number) => boolean = alive): void {
  const names = fs.readdirSync(dir);
  const others = names.filter((name) => /^[0-9a-f]{16}\.blob$/.test(name) && !name.startsWith(key))
    .map((name) => ({ key: name.slice(0, 16), mtime: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const keep = new Set([key, ...others.slice(0, KEPT_SNAPSHOTS - 1).map((o) => o.key)]);
  for (const name of names) {
    const pid = /^run-(\d+)-/.exec(name)?.[1];
    const snapshot = /^([0-9a-f]{16})\.(blob|json)$/.exec(name);
    if ((snapshot && !keep.has(snapshot[1])) || (pid && !isAlive(Number(pid)))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Builds a grading snapshot, used by this run only. Rejects with what went wrong. */
export async function buildGradingSnapshot(options: BuildSnapshotOptions): Promise<GradingSnapshot & { files: string[] }> {
  const started = Date.now();
  const root = options.workRoot ?? defaultWorkRoot(options.mode);
  const { work, ...dirs } = makeWorkFolders(root, "snapshot-build-", options.mode, options.uid);
  try {
    const child = spawnSandboxed({ mode: options.mode, ...dirs, uid: options.uid, buildSnapshot: true, cpuSeconds: options.timeout ?? 120 });
    let output = "";
    const keep = (d: Buffer) => void (output = (output + d.toString("utf8")).slice(-4000));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => killGroup(child), (options.timeout ?? 120) * 1000);
      child.on("error", (e) => {
        output += `\n${e.message}`;
      });
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve(status);
      });
    });
    const built = path.join(dirs.scratchDir, SNAPSHOT_FILE);
    if (code !== 0 || !fs.existsSync(built)) {
      const why = output.split("\n").filter((l) => l.trim() && !/ExperimentalWarning|--trace-warnings|stackTraceLimit/.test(l)).slice(-6).join("\n");
      throw new Error(`the snapshot builder exited with ${code ?? "a signal"}${why ? `:\n${why}` : ""}`);
    }
    // Copied (not moved) out of the builder's scratch: the copy belongs to the grader, mode 0644.
    const keepDir = fs.mkdtempSync(path.join(root, "snapshot-"));
    fs.chmodSync(keepDir, 0o711);
    const file = path.join(keepDir, SNAPSHOT_FILE);
    fs.copyFileSync(built, file);
    fs.chmodSync(file, 0o644);
    let files: string[] = [];
    try {
      files = JSON.parse(fs.readFileSync(`${built}.files.json`, "utf8"));
    } catch {
      /* no list: not kept for later runs */
    }
    return {
      file,
      files,
      seconds: (Date.now() - started) / 1000,
      reused: false,
      dispose: () => fs.rmSync(keepDir, { recursive: true, force: true }),
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
