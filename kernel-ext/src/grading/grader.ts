import * as fs from "fs";
import * as path from "path";
import { ChildProcess } from "child_process";
import { NOT_IMPLEMENTED, runTests, TestResult } from "./run";
import type { Exercise } from "./types";
import type { FromChild, ToChild } from "./child";
import { decode, encode } from "./serialize";
import { killGroup, nodeModulesDir, spawnSandboxed } from "./sandbox";
import type { StudentResult, SubmissionStatus, TestRow, TestStatus } from "./gradebook";
import type { SubmissionPlan } from "./submission";

/** Options of {@link gradeSubmission}. */
export interface GradeOneOptions {
  /** Seconds one cell or one test call may run before it is interrupted. Default 30. */
  timeout?: number;
  /** Seconds the whole submission may take before its process group is killed. Default 10 × timeout + 30. */
  totalTimeout?: number;
  /** The unprivileged uid the child runs as (when root). */
  uid: number;
  /** Folder for the per-submission notebook and scratch folders. Default: {@link defaultWorkRoot}. */
  workRoot?: string;
  /** Bytes of the child's output kept for the instructor's log (never shown to students). Default 65536. */
  logBytes?: number;
  /** Where the child's output log goes; none when unset. */
  logFile?: string;
}

/**
 * Where submissions run: .trainlab/grade/ in the course (git-ignored), so cells resolve
 * node_modules and name their types exactly as the notebooks in notebooks/ do.
 */
export function defaultWorkRoot(): string {
  const dir = path.join(path.dirname(nodeModulesDir()), ".trainlab", "grade");
  fs.mkdirSync(dir, { recursive: true });
  // As root, children run under other uids: they must be able to reach their notebook folder.
  if (process.getuid?.() === 0) {
    for (let d = dir; d !== path.dirname(d) && d.startsWith(path.dirname(nodeModulesDir())); d = path.dirname(d)) {
      const mode = fs.statSync(d).mode;
      if ((mode & 0o111) !== 0o111) fs.chmodSync(d, mode | 0o111);
    }
  }
  return dir;
}

/** How long the child may take to load TypeScript before its first cell. */
const STARTUP_MS = 60_000;

/** Grace after SIGINT before the process group is killed. */
const INTERRUPT_GRACE_MS = 2000;

/**
 * Grades one submission in a fresh sandboxed child: executes the planned cells there, then runs
 * every test (visible and hidden) in this process, calling the learner's functions in the child
 * one call at a time. Never throws for anything the submission does.
 */
export async function gradeSubmission(student: string, file: string, plan: SubmissionPlan, exercises: Exercise[], options: GradeOneOptions): Promise<StudentResult> {
  const started = Date.now();
  const timeoutMs = (options.timeout ?? 30) * 1000;
  const totalMs = (options.totalTimeout ?? 10 * (options.timeout ?? 30) + 30) * 1000;
  const work = fs.mkdtempSync(path.join(options.workRoot ?? defaultWorkRoot(), "nb-"));
  fs.chmodSync(work, 0o755);
  const notebookDir = path.join(work, "notebook");
  const scratchDir = path.join(work, "scratch");
  fs.mkdirSync(notebookDir, { mode: 0o755 });
  fs.mkdirSync(scratchDir, { mode: 0o700 });
  // Inside the course node_modules resolves upwards and TypeScript names types as in notebooks/;
  // elsewhere a link makes it resolve (but "inferred type cannot be named" errors can appear).
  const modules = nodeModulesDir();
  if (!notebookDir.startsWith(path.dirname(modules) + path.sep)) fs.symlinkSync(modules, path.join(notebookDir, "node_modules"), "dir");
  if (process.getuid?.() === 0) fs.chownSync(scratchDir, options.uid, options.uid);

  const session = new ChildSession(spawnSandboxed({ notebookDir, scratchDir, uid: options.uid, cpuSeconds: Math.ceil(totalMs / 1000) }), options.logBytes ?? 65536);
  const hardStop = setTimeout(() => session.stop("timeout"), totalMs);
  let status: SubmissionStatus = "ok";
  const cellErrors: StudentResult["cellErrors"] = [];
  let cellSeconds = 0;
  let startSeconds = 0;
  let rows: TestRow[] = [];
  try {
    const ready = await session.runCells(plan.cells, timeoutMs, (cell, error) => cellErrors.push({ cell, ...error }));
    startSeconds = session.startSeconds;
    cellSeconds = session.cellSeconds;
    if (!ready) status = session.ended ?? "crashed";
    else if (cellErrors.length > 0) status = "cell errors";
    rows = await runAllTests(exercises, session, timeoutMs);
    if (session.ended && status !== "timeout") status = session.ended;
  } finally {
    clearTimeout(hardStop);
    session.stop(null);
    await session.exited;
    if (options.logFile) fs.writeFileSync(options.logFile, session.log());
    fs.rmSync(work, { recursive: true, force: true });
  }
  return {
    student,
    file,
    status,
    tampered: plan.tampered,
    flags: plan.flags,
    cellErrors,
    rows,
    points: rows.reduce((s, r) => s + r.points, 0),
    max: rows.reduce((s, r) => s + r.max, 0),
    seconds: (Date.now() - started) / 1000,
    startSeconds,
    cellSeconds,
  };
}

/** A failure on the grader's side of a call (timeout, lost process, unreadable reply): never the learner's own throw. */
class CallFault extends Error {
  constructor(readonly status: TestStatus, message: string) {
    super(message);
  }
}

async function runAllTests(exercises: Exercise[], session: ChildSession, timeoutMs: number): Promise<TestRow[]> {
  const rows: TestRow[] = [];
  for (const exercise of exercises) {
    const name = exercise.name ?? "";
    const faults: (CallFault | null)[] = [];
    let results: TestResult[];
    if ((exercise.kind ?? "function") === "value") {
      const got = await session.call(name, [], timeoutMs, true);
      if (got instanceof CallFault) {
        results = exercise.tests.map((t) => ({ name: t.name, passed: false, points: 0, maxPoints: t.points ?? 1, hidden: !!(t as { hidden?: boolean }).hidden, message: got.message, hint: t.hint }));
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
          if (!got.ok) throw got.value;
          return got.value;
        });
      };
      results = await runTests(exercise, proxy);
    }
    results.forEach((r, i) => rows.push(toRow(exercise.id, r, faults[i] ?? null)));
  }
  return rows;
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
    if (message) row.message = message;
    if (r.hint) row.hint = r.hint;
  }
  return row;
}

type Reply = { ok: boolean; value: unknown };

/** The grader's side of one child: cells in, calls out, timeouts by SIGINT then SIGKILL. */
class ChildSession {
  ended: SubmissionStatus | null = null;
  /** Seconds from spawn until TypeScript was loaded, and spent executing the cells. */
  startSeconds = 0;
  cellSeconds = 0;
  private readonly spawned = Date.now();
  readonly exited: Promise<void>;
  private waiting: ((m: FromChild | null) => void) | null = null;
  private inbox: FromChild[] = [];
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly child: ChildProcess, private readonly logBytes: number) {
    const keep = (chunk: Buffer) => {
      if (this.kept < this.logBytes) {
        const part = chunk.subarray(0, this.logBytes - this.kept);
        this.chunks.push(part);
        this.kept += part.length;
        this.dropped += chunk.length - part.length;
      } else this.dropped += chunk.length;
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("message", (m: FromChild) => this.deliver(m));
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
    return Buffer.concat(this.chunks).toString("utf8") + (this.dropped ? `\n[… ${this.dropped} more bytes of output dropped]\n` : "");
  }

  /** Kills the process group (idempotent). `reason` marks how the run ended; null for a normal end. */
  stop(reason: SubmissionStatus | null): void {
    if (reason && !this.ended) this.ended = reason;
    if (!this.ended) this.ended = "ok";
    killGroup(this.child);
  }

  private deliver(m: FromChild | null): void {
    if (m !== null && (typeof m !== "object" || typeof (m as { type?: unknown }).type !== "string")) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(m);
    } else if (m) this.inbox.push(m);
  }

  /** The next message matching `accept` within `ms` (null: timed out or the child is gone). */
  private next(accept: (m: FromChild) => boolean, ms: number): Promise<FromChild | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve(null);
      }, ms);
      const take = (m: FromChild | null) => {
        if (m === null || this.ended) return clearTimeout(timer), resolve(null);
        if (accept(m)) return clearTimeout(timer), resolve(m);
        this.waiting = take;
      };
      while (this.inbox.length) {
        const m = this.inbox.shift()!;
        if (accept(m)) return clearTimeout(timer), resolve(m);
      }
      if (this.ended) return clearTimeout(timer), resolve(null);
      this.waiting = take;
    });
  }

  /** Waits for `accept` with a timeout; on timeout sends SIGINT, waits a grace, then kills. */
  private async nextOrInterrupt(accept: (m: FromChild) => boolean, ms: number): Promise<{ message: FromChild | null; interrupted: boolean }> {
    const first = await this.next(accept, ms);
    if (first || this.ended) return { message: first, interrupted: false };
    try {
      this.child.kill("SIGINT");
    } catch {
      /* gone */
    }
    const second = await this.next(accept, INTERRUPT_GRACE_MS);
    if (!second) this.stop("timeout");
    return { message: second, interrupted: true };
  }

  /** Executes the cells; reports each failed cell. True when the child is ready for calls. */
  async runCells(cells: string[], timeoutMs: number, onError: (cell: number, error: { ename: string; evalue: string }) => void): Promise<boolean> {
    // Loading TypeScript is the grader's overhead, not the notebook's: it gets its own, longer limit.
    const started = await this.next((m) => m.type === "started", Math.max(STARTUP_MS, timeoutMs));
    if (!started) {
      onError(0, { ename: "Crash", evalue: "the notebook's process did not start" });
      this.stop("crashed");
      return false;
    }
    this.startSeconds = (Date.now() - this.spawned) / 1000;
    const cellsStarted = Date.now();
    if (!this.send({ type: "cells", cells })) return false;
    for (let index = 0; index < cells.length; index++) {
      const { message, interrupted } = await this.nextOrInterrupt((m) => m.type === "cell" && m.index === index, timeoutMs);
      if (!message) {
        onError(index + 1, { ename: this.ended === "timeout" ? "Timeout" : "Crash", evalue: this.ended === "timeout" ? `the cell ran longer than ${timeoutMs / 1000} s and could not be interrupted` : "the notebook's process ended during this cell" });
        return false;
      }
      const cell = message as Extract<FromChild, { type: "cell" }>;
      if (interrupted) onError(index + 1, { ename: "Timeout", evalue: `the cell ran longer than ${timeoutMs / 1000} s and was interrupted` });
      else if (!cell.ok) onError(index + 1, { ename: String(cell.error?.ename ?? "Error"), evalue: String(cell.error?.evalue ?? "") });
    }
    const ready = await this.next((m) => m.type === "ready", timeoutMs);
    this.cellSeconds = (Date.now() - cellsStarted) / 1000;
    return !!ready;
  }

  /** Calls the learner's `name` with `args` in the child (one call at a time). */
  call(name: string, args: unknown[], timeoutMs: number, get: boolean): Promise<Reply | CallFault> {
    const run = async (): Promise<Reply | CallFault> => {
      if (this.ended) return new CallFault("crashed", "not run: the notebook's process had already stopped");
      const id = this.nextId++;
      let encoded: unknown;
      try {
        encoded = encode(args);
      } catch (e) {
        return new CallFault("crashed", `the test's arguments could not be sent: ${(e as Error).message}`);
      }
      if (!this.send({ type: "call", id, name, args: encoded, get })) return new CallFault("crashed", "not run: the notebook's process had stopped");
      const { message, interrupted } = await this.nextOrInterrupt((m) => m.type === "result" && m.id === id, timeoutMs);
      if (interrupted || !message) {
        return this.ended === "crashed" && !interrupted
          ? new CallFault("crashed", "the notebook's process ended during this test")
          : new CallFault("timeout", `timed out: the call ran longer than ${timeoutMs / 1000} s`);
      }
      const result = message as Extract<FromChild, { type: "result" }> & { fault?: string };
      let value: unknown;
      try {
        value = decode(result.value);
      } catch (e) {
        return new CallFault("failed", (e as Error).message);
      }
      if (result.fault) return new CallFault(result.fault === "missing" ? "missing" : "failed", value instanceof Error ? value.message : String(value));
      return { ok: result.ok === true, value };
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private send(m: ToChild): boolean {
    if (this.ended || !this.child.connected) return false;
    try {
      this.child.send(m);
      return true;
    } catch {
      return false;
    }
  }
}
