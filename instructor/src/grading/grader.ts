import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcess } from "child_process";
import { Duplex, Readable } from "stream";
import { NOT_IMPLEMENTED, runTests, TestResult } from "@trainlab/kernel-ext/dist/grading/run";
import type { Exercise, ExerciseTest } from "@trainlab/kernel-ext/dist/grading/types";
import { FromChild, MAX_ERROR_MESSAGE, MAX_ERROR_NAME, ReplyReader, ToChild } from "./protocol";
import { decode, encode } from "./serialize";
import { killGroup, nodeModulesDir, SandboxMode, spawnSandboxed } from "./sandbox";
import type { StudentResult, SubmissionStatus, TestRow, TestStatus } from "./gradebook";
import type { SubmissionPlan } from "./submission";

/** Options of {@link gradeSubmission}. */
export interface GradeOneOptions {
  /** How the child is isolated (see sandbox.ts). */
  mode: SandboxMode;
  /** Seconds one cell or one test call may run before it is interrupted. Default 30. */
  timeout?: number;
  /** Seconds the whole submission may take before its process group is killed. Default 10 × timeout + 30. */
  totalTimeout?: number;
  /** The unprivileged uid the child runs as (root mode; unused when `child` gives the child). */
  uid: number;
  /** Folder for the per-submission folders. Default: {@link defaultWorkRoot}. */
  workRoot?: string;
  /** Bytes of the child's output kept for the instructor's log (never shown to students). Default 65536. */
  logBytes?: number;
  /** Where the child's output log goes; none when unset. */
  logFile?: string;
  /** The run's V8 startup snapshot (snapshot.ts) the child starts from; none: it loads TypeScript itself. */
  snapshot?: string;
  /**
   * Where the submission's child comes from: a child started ahead for it (see pool.ts), fresh and
   * never used by another submission. Default: a child started here, when the submission begins.
   */
  child?: () => Promise<StartedChild>;
}

/** Options of {@link startChild}: the sandbox and limits of a child, known before its submission is. */
export type StartChildOptions = Omit<GradeOneOptions, "logFile" | "child">;

/**
 * A fresh sandboxed grading child, started (its snapshot deserializing, or TypeScript loading)
 * before the submission it will run is known: the notebook's cells reach it only through the
 * protocol, so nothing about the submission is needed to start it. One submission uses it, then
 * {@link StartedChild.close} ends it.
 */
export interface StartedChild {
  /** The grader's side of the child. */
  readonly session: ChildSession;
  /** Ends the child (its whole process group), waits for it, removes its work folder, then runs `onClosed` (once). */
  close(): Promise<void>;
}

/**
 * Where submissions run. With namespaces: a root-only folder under the system's temp folder (the
 * child sees only its own tree). Unsafe mode: .trainlab/grade/ in the course (git-ignored), so
 * cells resolve node_modules and name their types exactly as the notebooks in notebooks/ do.
 */
export function defaultWorkRoot(mode: SandboxMode): string {
  if (mode !== "unsafe") {
    const uid = process.getuid?.() ?? 0;
    const dir = path.join(os.tmpdir(), uid === 0 ? "trainlab-grade" : `trainlab-grade-${uid}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o711 });
    return dir;
  }
  const dir = path.join(path.dirname(nodeModulesDir()), ".trainlab", "grade");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A child's work folder under `root` (mode 0711, removed by the caller): `notebook/` (its cwd),
 * `scratch/` (the one place it may write; owned by its uid in root mode) and `root/` (where its
 * file tree is mounted).
 */
export function makeWorkFolders(root: string, prefix: string, mode: SandboxMode, uid: number): { work: string; notebookDir: string; scratchDir: string; rootDir: string } {
  const work = fs.mkdtempSync(path.join(root, prefix));
  fs.chmodSync(work, 0o711);
  const folders = { work, notebookDir: path.join(work, "notebook"), scratchDir: path.join(work, "scratch"), rootDir: path.join(work, "root") };
  fs.mkdirSync(folders.notebookDir, { mode: 0o755 });
  fs.mkdirSync(folders.scratchDir, { mode: 0o700 });
  fs.mkdirSync(folders.rootDir, { mode: 0o755 });
  if (mode === "root") fs.chownSync(folders.scratchDir, uid, uid);
  return folders;
}

/** How long the child may take to load TypeScript before its first cell. */
const STARTUP_MS = 60_000;

/** Grace after SIGINT before the process group is killed. */
const INTERRUPT_GRACE_MS = 2000;

/** The line the instructor's log gets when the first hidden test's arguments are sent. */
export const HIDDEN_LOG_MARK = "\n===== trainlab: hidden tests started here — everything below may show hidden inputs; never share it =====\n";

/**
 * Grades one submission in a fresh sandboxed child: executes the planned cells there, then runs
 * every visible test of every exercise, then every hidden test, in this process, calling the
 * learner's functions in the child one call at a time. Never throws for anything the
 * submission does.
 */
export async function gradeSubmission(student: string, file: string, plan: SubmissionPlan, exercises: Exercise[], options: GradeOneOptions): Promise<StudentResult> {
  const started = Date.now();
  const timeoutMs = (options.timeout ?? 30) * 1000;
  const totalMs = totalTimeoutMs(options);
  const child = options.child ? await options.child() : startChild(options);
  const { session } = child;
  const hardStop = setTimeout(() => session.stop("timeout"), totalMs);
  let status: SubmissionStatus = "ok";
  const cellErrors: StudentResult["cellErrors"] = [];
  let rows: TestRow[] = [];
  try {
    const ready = await session.runCells(plan.cells, timeoutMs, (cell, error) => cellErrors.push({ cell, ...error }));
    if (!ready) status = session.ended ?? "crashed";
    else if (cellErrors.length > 0) status = "cell errors";
    rows = await runAllTests(exercises, session, timeoutMs);
    if (session.ended && session.ended !== "ok" && status !== "timeout") status = session.ended;
  } finally {
    clearTimeout(hardStop);
    await child.close();
    if (options.logFile) fs.writeFileSync(options.logFile, session.log());
  }
  return {
    student,
    file,
    status,
    tampered: plan.tampered,
    flags: session.violation ? [...plan.flags, `the notebook's process broke the grading protocol (${session.violation}); tests not yet run score 0`] : plan.flags,
    cellErrors,
    rows,
    points: rows.reduce((s, r) => s + r.points, 0),
    max: rows.reduce((s, r) => s + r.max, 0),
    seconds: (Date.now() - started) / 1000,
    // What this submission waited for its child: none when a child started ahead was ready.
    startSeconds: session.startedAt ? Math.max(0, session.startedAt - Math.max(started, session.spawned)) / 1000 : 0,
    cellSeconds: session.cellSeconds,
  };
}

/** The whole submission's time limit, in ms: 10 × the per-cell timeout + 30 s unless given. */
function totalTimeoutMs(options: Pick<GradeOneOptions, "timeout" | "totalTimeout">): number {
  return (options.totalTimeout ?? 10 * (options.timeout ?? 30) + 30) * 1000;
}

/**
 * Starts a fresh sandboxed child in its own work folder (see {@link StartedChild}); `onClosed`
 * runs once it has ended and its folder is gone (a pool releases the child's uid there).
 */
export function startChild(options: StartChildOptions, onClosed?: () => void): StartedChild {
  const { work, notebookDir, scratchDir, rootDir } = makeWorkFolders(options.workRoot ?? defaultWorkRoot(options.mode), "nb-", options.mode, options.uid);
  // Unsafe mode runs in place: inside the course node_modules resolves upwards; elsewhere a link.
  const modules = nodeModulesDir();
  if (options.mode === "unsafe" && !notebookDir.startsWith(path.dirname(modules) + path.sep)) fs.symlinkSync(modules, path.join(notebookDir, "node_modules"), "dir");
  let session: ChildSession;
  try {
    session = new ChildSession(
      spawnSandboxed({ mode: options.mode, notebookDir, scratchDir, rootDir, uid: options.uid, cpuSeconds: Math.ceil(totalTimeoutMs(options) / 1000), snapshot: options.snapshot }),
      options.logBytes ?? 65536,
    );
  } catch (e) {
    fs.rmSync(work, { recursive: true, force: true });
    onClosed?.();
    throw e;
  }
  let closing: Promise<void> | null = null;
  return {
    session,
    close: () =>
      (closing ??= (async () => {
        session.stop(null);
        await session.exited;
        fs.rmSync(work, { recursive: true, force: true });
        onClosed?.();
      })()),
  };
}

/** A failure on the grader's side of a call (timeout, lost process, unreadable reply): never the learner's own throw. */
class CallFault extends Error {
  constructor(readonly status: TestStatus, message: string) {
    super(message);
  }
}

type HiddenTest = ExerciseTest & { hidden?: boolean };

/**
 * Every visible test of every exercise first, then every hidden test: no hidden input enters the
 * child before the last visible test (whose messages reach the student) has run. Rows come back
 * in the exercises' order.
 */
async function runAllTests(exercises: Exercise[], session: ChildSession, timeoutMs: number): Promise<TestRow[]> {
  const byTest = new Map<ExerciseTest, TestRow>();
  for (const hidden of [false, true]) {
    for (const exercise of exercises) {
      const tests = exercise.tests.filter((t) => !!(t as HiddenTest).hidden === hidden);
      if (!tests.length) continue;
      if (hidden) session.markHidden();
      const rows = await runPhase({ ...exercise, tests }, session, timeoutMs);
      tests.forEach((t, i) => byTest.set(t, rows[i]));
    }
  }
  return exercises.flatMap((x) => x.tests.map((t) => byTest.get(t)!));
}

async function runPhase(exercise: Exercise, session: ChildSession, timeoutMs: number): Promise<TestRow[]> {
  const name = exercise.name ?? "";
  const faults: (CallFault | null)[] = [];
  let results: TestResult[];
  if ((exercise.kind ?? "function") === "value") {
    const got = await session.call(name, [], timeoutMs, true);
    if (got instanceof CallFault) {
      results = exercise.tests.map((t) => ({ name: t.name, passed: false, points: 0, maxPoints: t.points ?? 1, hidden: !!(t as HiddenTest).hidden, message: got.message, hint: t.hint }));
      exercise.tests.forEach(() => faults.push(got));
    } else results = await runTests(exercise, got.ok ? got.value : undefined);
  } else {
    // runTests calls the proxy once per test, in order: call i belongs to test i.
    const proxy = (...args: unknown[]) => {
      const i = faults.push(null) - 1;
      return session.call(name, args, timeoutMs, false).then((got) => {
        if (got instanceof CallFault) {
          faults[i] = got;
          throw got;
        }
        // The arguments as the learner's function left them, for tests that check it did not change them.
        if (got.argsAfter) got.argsAfter.forEach((after, k) => mirror(args[k], after));
        if (!got.ok) throw got.value;
        return got.value;
      });
    };
    results = await runTests(exercise, proxy);
  }
  return results.map((r, i) => toRow(exercise.id, r, faults[i] ?? null));
}

/**
 * Makes `target` hold what `source` holds, in place (the test keeps its reference to the
 * argument it passed). Primitives and tensors cannot change, so there is nothing to mirror.
 */
export function mirror(target: unknown, source: unknown): void {
  if (!target || typeof target !== "object" || target === source) return;
  if (Array.isArray(target)) {
    if (Array.isArray(source)) target.splice(0, target.length, ...source);
  } else if (target instanceof Map) {
    if (source instanceof Map) {
      target.clear();
      source.forEach((v, k) => target.set(k, v));
    }
  } else if (target instanceof Set) {
    if (source instanceof Set) {
      target.clear();
      source.forEach((v) => target.add(v));
    }
  } else if (ArrayBuffer.isView(target)) {
    const t = target as unknown as { length: number; set(a: ArrayLike<unknown>): void };
    if (ArrayBuffer.isView(source) && (source as unknown as { length: number }).length === t.length) t.set(source as unknown as ArrayLike<unknown>);
  } else if (target instanceof Date) {
    if (source instanceof Date) target.setTime(source.getTime());
  } else if (Object.getPrototypeOf(target) === Object.prototype && source && typeof source === "object" && Object.getPrototypeOf(source) === Object.prototype) {
    for (const key of Object.keys(target)) delete (target as Record<string, unknown>)[key];
    for (const key of Object.keys(source)) Object.defineProperty(target, key, { value: (source as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
  }
}

function toRow(exercise: string, r: TestResult, fault: CallFault | null): TestRow {
  let status: TestStatus = r.passed ? "passed" : "failed";
  let message = r.message;
  let points = r.points;
  if (fault) {
    // A timeout or a lost process fails the test even when it expected a throw.
    status = fault.status;
    message = fault.message;
    points = 0;
  } else if (!r.passed && r.message?.toLowerCase().startsWith(NOT_IMPLEMENTED.toLowerCase())) status = "not implemented";
  const row: TestRow = { exercise, test: r.name, points, max: r.maxPoints, status, hidden: r.hidden };
  if (!r.hidden && status !== "passed") {
    if (message) row.message = truncate(message, MAX_ERROR_MESSAGE);
    if (r.hint) row.hint = r.hint;
  }
  return row;
}

function truncate(text: string, n: number): string {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

type Reply = { ok: boolean; value: unknown; argsAfter?: unknown[] };
type Expected = { type: "started" } | { type: "cell"; index: number } | { type: "result"; id: number };

/**
 * The grader's side of one child: one request at a time, exactly one reply each, in order.
 * A reply out of turn, a forged or malformed message, or any byte on a channel the grader does
 * not read ends the child with status "protocol violation". Timeouts: SIGINT, then SIGKILL.
 */
export class ChildSession {
  ended: SubmissionStatus | null = null;
  /** Why the protocol was broken (null while it was not). */
  violation: string | null = null;
  /** When the child said it had started (TypeScript loaded); 0 until then. Seconds spent executing the cells. */
  startedAt = 0;
  cellSeconds = 0;
  /** When the child was spawned. */
  readonly spawned = Date.now();
  readonly exited: Promise<void>;
  private expected: Expected | null = { type: "started" };
  private waiting: ((m: FromChild | null) => void) | null = null;
  private early: FromChild | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;
  private readonly requests: Duplex | null;

  constructor(private readonly child: ChildProcess, private readonly logBytes: number) {
    const keep = (chunk: Buffer) => {
      if (this.kept < this.logBytes) {
        const part = chunk.subarray(0, this.logBytes - this.kept);
        this.chunks.push(part);
        this.kept += part.length;
        this.dropped += chunk.length - part.length;
      } else this.dropped += chunk.length;
    };
    const [, stdout, stderr, requests, replies] = child.stdio as unknown as [null, Readable | null, Readable | null, Duplex | null, Readable | null];
    for (const stream of [stdout, stderr, requests, replies]) stream?.on("error", () => undefined);
    stdout?.on("data", keep);
    stderr?.on("data", keep);
    this.requests = requests;
    // The request channel is the grader's to write: a byte coming back on it is a violation.
    requests?.on("data", () => this.violate("bytes written to the grader's request channel"));
    const reader = new ReplyReader((m) => this.receive(m), (why) => this.violate(why));
    replies?.on("data", (chunk: Buffer) => reader.push(chunk));
    replies?.on("end", () => reader.end());
    this.exited = new Promise((resolve) => {
      const gone = () => {
        if (!this.ended) this.ended = "crashed";
        this.deliver(null);
        resolve();
      };
      child.on("exit", gone);
      // A child that could not start (e.g. a sandbox tool missing) emits only "error".
      child.on("error", () => child.pid === undefined && gone());
    });
  }

  /** The kept output, for the instructor's log. */
  log(): string {
    return this.chunks.map((c) => c.toString("utf8")).join("") + (this.dropped ? `\n[… ${this.dropped} more bytes of output dropped]\n` : "");
  }

  /** Marks the log: what follows was printed after hidden inputs entered the child (once). */
  markHidden(): void {
    if (this.ended) return;
    if (this.chunks.some((c) => c.toString("utf8") === HIDDEN_LOG_MARK)) return;
    this.chunks.push(Buffer.from(HIDDEN_LOG_MARK));
  }

  /** Kills the process group (idempotent). `reason` marks how the run ended; null for a normal end. */
  stop(reason: SubmissionStatus | null): void {
    if (reason && !this.ended) this.ended = reason;
    if (!this.ended) this.ended = "ok";
    killGroup(this.child);
    this.deliver(null);
  }

  private violate(why: string): void {
    if (this.ended) return;
    this.violation = why;
    this.stop("protocol violation");
  }

  /** A well-formed reply: it must be the one reply the grader is waiting for. */
  private receive(m: FromChild): void {
    if (this.ended) return;
    const want = this.expected;
    const matches = !!want && m.type === want.type && (want.type === "started" || (want.type === "cell" ? m.type === "cell" && m.index === want.index : m.type === "result" && m.id === want.id));
    if (!matches) return this.violate(want ? `a ${m.type} message while waiting for ${describe(want)}` : `a ${m.type} message when none was asked for`);
    this.expected = null;
    if (m.type === "started") this.startedAt = Date.now();
    this.deliver(m);
  }

  private deliver(m: FromChild | null): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(m);
    } else if (m) this.early = m;
  }

  /** Sends `request` (if any) and waits up to `ms` for the reply `expected` (null: timed out or the child is gone). */
  private ask(request: ToChild | null, expected: Expected, ms: number): Promise<FromChild | null> {
    if (this.ended) return Promise.resolve(null);
    if (expected.type !== "started") this.expected = expected;
    if (request && !this.write(request)) return Promise.resolve(null);
    return this.wait(ms);
  }

  private wait(ms: number): Promise<FromChild | null> {
    return new Promise((resolve) => {
      if (this.early) {
        const m = this.early;
        this.early = null;
        return resolve(m);
      }
      if (this.ended) return resolve(null);
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve(null);
      }, ms);
      this.waiting = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
    });
  }

  /** Like {@link ask}; on timeout sends SIGINT to the group, waits a grace, then kills. */
  private async askOrInterrupt(request: ToChild, expected: Expected, ms: number): Promise<{ message: FromChild | null; interrupted: boolean }> {
    const first = await this.ask(request, expected, ms);
    if (first || this.ended) return { message: first, interrupted: false };
    // The whole group: the notebook is not the group leader (unshare and the namespace's shell are, and ignore it).
    killGroup(this.child, "SIGINT");
    const second = await this.wait(INTERRUPT_GRACE_MS);
    if (!second) this.stop("timeout");
    return { message: second, interrupted: true };
  }

  /** Executes the cells one request each; reports each failed cell. True when the child is ready for calls. */
  async runCells(cells: string[], timeoutMs: number, onError: (cell: number, error: { ename: string; evalue: string }) => void): Promise<boolean> {
    // Loading TypeScript is the grader's overhead, not the notebook's: it gets its own, longer limit.
    const started = await this.ask(null, { type: "started" }, Math.max(STARTUP_MS, timeoutMs));
    if (!started) {
      onError(0, this.violation ? { ename: "ProtocolViolation", evalue: this.violation } : { ename: "Crash", evalue: "the notebook's process did not start" });
      if (!this.ended) this.stop("crashed");
      return false;
    }
    const cellsStarted = Date.now();
    try {
      for (let index = 0; index < cells.length; index++) {
        const { message, interrupted } = await this.askOrInterrupt({ type: "cell", index, source: cells[index] }, { type: "cell", index }, timeoutMs);
        if (!message) {
          const why = this.ended === "timeout" ? ["Timeout", `the cell ran longer than ${timeoutMs / 1000} s and could not be interrupted`] : this.violation ? ["ProtocolViolation", this.violation] : ["Crash", "the notebook's process ended during this cell"];
          onError(index + 1, { ename: why[0], evalue: why[1] });
          return false;
        }
        const cell = message as Extract<FromChild, { type: "cell" }>;
        if (interrupted) onError(index + 1, { ename: "Timeout", evalue: `the cell ran longer than ${timeoutMs / 1000} s and was interrupted` });
        else if (!cell.ok) onError(index + 1, { ename: (cell.error?.ename ?? "Error").slice(0, MAX_ERROR_NAME), evalue: (cell.error?.evalue ?? "").slice(0, MAX_ERROR_MESSAGE) });
      }
    } finally {
      this.cellSeconds = (Date.now() - cellsStarted) / 1000;
    }
    return !this.ended;
  }

  /** Calls the learner's `name` with `args` in the child (one call at a time). */
  call(name: string, args: unknown[], timeoutMs: number, get: boolean): Promise<Reply | CallFault> {
    const run = async (): Promise<Reply | CallFault> => {
      if (this.ended) return this.notRun();
      const id = this.nextId++;
      let encoded: unknown;
      try {
        encoded = encode(args);
      } catch (e) {
        return new CallFault("crashed", `the test's arguments could not be sent: ${(e as Error).message}`);
      }
      const { message, interrupted } = await this.askOrInterrupt({ type: "call", id, name, args: encoded, get }, { type: "result", id }, timeoutMs);
      if (this.violation) return this.notRun();
      if (interrupted || !message) {
        return this.ended === "crashed" && !interrupted
          ? new CallFault("crashed", "the notebook's process ended during this test")
          : new CallFault("timeout", `timed out: the call ran longer than ${timeoutMs / 1000} s`);
      }
      const result = message as Extract<FromChild, { type: "result" }>;
      let value: unknown;
      let argsAfter: unknown;
      try {
        value = decode(result.value);
        // Tensors and tables cannot change in place (mirror skips them): no grader-side tensors to leak.
        argsAfter = result.argsAfter === undefined ? undefined : decode(result.argsAfter, { tensor: (t) => t, table: (columns) => columns });
      } catch (e) {
        return new CallFault("failed", (e as Error).message);
      }
      if (result.fault) return new CallFault(result.fault === "missing" ? "missing" : "failed", value instanceof Error ? value.message : String(value));
      return { ok: result.ok, value, ...(Array.isArray(argsAfter) && argsAfter.length === args.length ? { argsAfter } : {}) };
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private notRun(): CallFault {
    return this.violation
      ? new CallFault("protocol violation", "not run: the notebook's process broke the grading protocol")
      : new CallFault("crashed", "not run: the notebook's process had already stopped");
  }

  private write(m: ToChild): boolean {
    if (this.ended || !this.requests || this.requests.destroyed) return false;
    try {
      this.requests.write(JSON.stringify(m) + "\n");
      return true;
    } catch {
      return false;
    }
  }
}

function describe(e: Expected): string {
  return e.type === "started" ? "the start" : e.type === "cell" ? `cell ${e.index}` : `result ${e.id}`;
}
