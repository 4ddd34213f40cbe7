import type { BatchOutput } from "./inference";
import { RequestError } from "./validate";

/** Options for {@link Batcher}. */
export interface BatcherOptions {
  /** How long the first request of a batch waits for others, in ms. Default 5. */
  windowMs?: number;
  /** Run a batch as soon as this many instances wait; a batch takes at most this many (a larger request runs alone). Default 64. */
  maxBatchSize?: number;
  /** Admission control: most instances waiting (not yet computing); a request that would pass it gets 503 with Retry-After. Default 1024. */
  maxQueuedInstances?: number;
}

/** Per-request options for {@link Batcher.submit}. */
export interface SubmitOptions {
  /** Give up (504) if the request has not reached the model by this time (`Date.now()` ms). */
  deadline?: number;
  /** Aborted when the client went away: the request is dropped before it is computed. */
  signal?: AbortSignal;
}

interface _Job {
  values: Float32Array | Int32Array;
  count: number;
  arrived: number;
  resolve: (out: BatchOutput[]) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
  done: boolean;
}

/**
 * A bounded queue in front of a model: requests that arrive within a few milliseconds run as one
 * forward pass (one pass over 32 examples costs far less than 32 passes over one), batches run one
 * at a time, and the batch is formed only when the model is free, so a request whose client
 * disconnected or whose deadline passed is dropped before it is computed.
 */
export class Batcher {
  /** Batches run, instances and requests predicted, and requests dropped before computing. */
  readonly counts = { batches: 0, instances: 0, requests: 0, expired: 0, cancelled: 0, refused: 0 };
  private _queue: _Job[] = [];
  private _queued = 0;
  private _running = false;
  private _timer: NodeJS.Timeout | undefined;
  private _flushing = false;
  private _idle: (() => void)[] = [];
  private _msPerInstance = 1;
  private readonly _windowMs: number;
  private readonly _maxBatch: number;
  private readonly _maxQueued: number;

  constructor(
    private readonly _run: (values: Float32Array | Int32Array, count: number) => Promise<BatchOutput[]>,
    options: BatcherOptions = {},
  ) {
    this._windowMs = options.windowMs ?? 5;
    this._maxBatch = options.maxBatchSize ?? 64;
    this._maxQueued = options.maxQueuedInstances ?? 1024;
  }

  /** Instances waiting for the model now. */
  get queued(): number {
    return this._queued;
  }

  /** True while a batch is computing. */
  get busy(): boolean {
    return this._running;
  }

  /**
   * Queues `count` instances (flat values) and resolves with this request's slice of each output.
   * Throws RequestError 503 (with Retry-After) when the queue is full, rejects with 504 when the
   * deadline passes first, and with an AbortError when `signal` aborts first.
   */
  submit(values: Float32Array | Int32Array, count: number, options: SubmitOptions = {}): Promise<BatchOutput[]> {
    if (this._queued > 0 && this._queued + count > this._maxQueued) {
      this.counts.refused++;
      const seconds = Math.max(1, Math.ceil((this._queued * this._msPerInstance) / 1000));
      throw new RequestError(503, `The server is at capacity (${this._queued} instances waiting, limit ${this._maxQueued}); retry after ${seconds} s.`, { "Retry-After": String(seconds) });
    }
    return new Promise((resolve, reject) => {
      const job: _Job = { values, count, arrived: Date.now(), resolve, reject, done: false };
      const drop = (error: Error, counter: "expired" | "cancelled") => {
        if (job.done) return;
        const at = this._queue.indexOf(job);
        if (at < 0) return; // already computing: its answer comes with the batch
        this._queue.splice(at, 1);
        this._queued -= job.count;
        this.counts[counter]++;
        this._settle(job);
        reject(error);
        this._maybeIdle();
      };
      if (options.deadline !== undefined) {
        const wait = options.deadline - Date.now();
        if (wait <= 0) {
          this.counts.expired++;
          return reject(_deadlineError());
        }
        job.timer = setTimeout(() => drop(_deadlineError(), "expired"), wait);
      }
      if (options.signal) {
        if (options.signal.aborted) {
          this.counts.cancelled++;
          return reject(new DOMException("The client went away", "AbortError"));
        }
        options.signal.addEventListener("abort", () => drop(new DOMException("The client went away", "AbortError"), "cancelled"), { once: true });
      }
      this._queue.push(job);
      this._queued += count;
      this._pump();
    });
  }

  /** Runs everything queued without waiting for batching windows; resolves when the queue is empty and no batch runs. */
  drain(): Promise<void> {
    this._flushing = true;
    this._pump();
    if (!this._running && this._queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this._idle.push(resolve));
  }

  private _pump(): void {
    if (this._running || this._queue.length === 0) return;
    const waited = Date.now() - this._queue[0].arrived;
    if (!this._flushing && this._queued < this._maxBatch && waited < this._windowMs) {
      this._timer ??= setTimeout(() => {
        this._timer = undefined;
        this._pump();
      }, this._windowMs - waited);
      return;
    }
    clearTimeout(this._timer);
    this._timer = undefined;
    const jobs: _Job[] = [];
    let total = 0;
    while (this._queue.length && (jobs.length === 0 || total + this._queue[0].count <= this._maxBatch)) {
      const job = this._queue.shift()!;
      jobs.push(job);
      total += job.count;
    }
    this._queued -= total;
    for (const job of jobs) clearTimeout(job.timer);
    this._running = true;
    void this._runBatch(jobs, total).finally(() => {
      this._running = false;
      this._pump();
      this._maybeIdle();
    });
  }

  private async _runBatch(jobs: _Job[], total: number): Promise<void> {
    const size = jobs[0].values.length / jobs[0].count;
    const flat = new (jobs[0].values.constructor as Float32ArrayConstructor)(total * size);
    let at = 0;
    for (const job of jobs) {
      flat.set(job.values, at);
      at += job.values.length;
    }
    const started = Date.now();
    try {
      const outputs = await this._run(flat, total);
      this._msPerInstance = 0.8 * this._msPerInstance + (0.2 * (Date.now() - started)) / total;
      this.counts.batches++;
      this.counts.instances += total;
      this.counts.requests += jobs.length;
      let row = 0;
      for (const job of jobs) {
        const mine = outputs.map((o) => {
          const per = o.data.length / o.shape[0];
          return { data: o.data.subarray(row * per, (row + job.count) * per), shape: [job.count, ...o.shape.slice(1)] };
        });
        row += job.count;
        this._settle(job);
        job.resolve(mine);
      }
    } catch (e) {
      for (const job of jobs) {
        this._settle(job);
        job.reject(e as Error);
      }
    }
  }

  private _settle(job: _Job): void {
    job.done = true;
    clearTimeout(job.timer);
  }

  private _maybeIdle(): void {
    if (this._running || this._queue.length) return;
    for (const f of this._idle.splice(0)) f();
  }
}

function _deadlineError(): RequestError {
  return new RequestError(504, "The request's deadline passed while it waited for the model; it was not computed. Retry later or with a longer deadline.");
}
