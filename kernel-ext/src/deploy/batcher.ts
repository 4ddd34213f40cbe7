import * as tf from "@tensorflow/tfjs";

/** Options for {@link Batcher}. */
export interface BatcherOptions {
  /** How long the first request of a batch waits for others, in ms. Default 5. */
  windowMs?: number;
  /** Run the batch as soon as it holds this many instances. Default 64. */
  maxBatchSize?: number;
}

interface _Pending {
  values: Float32Array;
  count: number;
  resolve: (rows: unknown[]) => void;
  reject: (e: Error) => void;
}

/**
 * Collects prediction requests that arrive within a few milliseconds and runs them through the model
 * as one batch: one forward pass over 32 examples costs far less than 32 passes over one.
 * Batches run one at a time, in arrival order.
 */
export class Batcher {
  /** Number of instances in each batch run so far. */
  readonly batchSizes: number[] = [];
  /** Number of requests merged into each batch. */
  readonly requestsPerBatch: number[] = [];
  private _queue: _Pending[] = [];
  private _pending = 0;
  private _timer: NodeJS.Timeout | undefined;
  private _running: Promise<void> = Promise.resolve();
  private readonly _windowMs: number;
  private readonly _maxBatch: number;

  constructor(
    private readonly _model: tf.LayersModel,
    private readonly _shape: number[],
    options: BatcherOptions = {},
    private readonly _onBatch?: (inputs: Float32Array, count: number, outputs: unknown[]) => void,
  ) {
    this._windowMs = options.windowMs ?? 5;
    this._maxBatch = options.maxBatchSize ?? 64;
  }

  /** Queues `count` instances (flat values) and resolves with one prediction row per instance. */
  submit(values: Float32Array, count: number): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      this._queue.push({ values, count, resolve, reject });
      this._pending += count;
      if (this._pending >= this._maxBatch) this.flush();
      else if (this._timer === undefined) this._timer = setTimeout(() => this.flush(), this._windowMs);
    });
  }

  /** Runs whatever is queued now, without waiting for the window to end. */
  flush(): void {
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = undefined;
    const items = this._queue.splice(0);
    this._pending = 0;
    if (items.length) this._running = this._running.then(() => this._run(items));
  }

  /** Flushes and resolves when every queued batch has been predicted. */
  async drain(): Promise<void> {
    this.flush();
    await this._running;
  }

  private async _run(items: _Pending[]): Promise<void> {
    const total = items.reduce((a, it) => a + it.count, 0);
    const size = this._shape.reduce((a, d) => a * d, 1);
    const flat = new Float32Array(total * size);
    let at = 0;
    for (const it of items) {
      flat.set(it.values, at);
      at += it.values.length;
    }
    try {
      const out = tf.tidy(() => this._model.predict(tf.tensor(flat, [total, ...this._shape])) as tf.Tensor);
      const rows = (await out.array()) as unknown[];
      out.dispose();
      this.batchSizes.push(total);
      this.requestsPerBatch.push(items.length);
      this._onBatch?.(flat, total, rows);
      let start = 0;
      for (const it of items) {
        it.resolve(rows.slice(start, start + it.count));
        start += it.count;
      }
    } catch (e) {
      for (const it of items) it.reject(e as Error);
    }
  }
}
