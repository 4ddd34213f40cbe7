import type { StartedChild } from "./grader";

/**
 * Grading children started ahead. Starting a child (the sandbox's set-up, then deserializing the
 * run's snapshot) takes ~0.5 s in which the submission would otherwise wait; a pool starts the
 * next submission's child while the current one runs, so it is ready when needed. Every child is
 * still fresh and used by exactly one submission: a child is started before any submission is
 * given to it and ended after that one (the cells reach it only through the protocol).
 */
export interface ChildPool {
  /** A child for the next submission (a spare when one is ready, else a new one); then starts a spare for a later one. */
  take(): Promise<StartedChild>;
  /** Starts the spares now, before the first take (while the grader prepares the run). */
  warm(): void;
  /** Ends the spares nobody took. */
  close(): Promise<void>;
}

/** Options of {@link childPool}. */
export interface ChildPoolOptions {
  /** Spares kept started at most. Default 1. */
  spares?: number;
  /** How many more children the run may still take (submissions not yet handed out); no spares beyond it. */
  wanted: () => number;
}

/** A pool of children made by `start` (each a fresh child with its own uid and work folder). */
export function childPool(start: () => Promise<StartedChild>, options: ChildPoolOptions): ChildPool {
  const spares: Promise<StartedChild>[] = [];
  let closed = false;
  const refill = () => {
    while (!closed && spares.length < Math.min(options.spares ?? 1, options.wanted())) {
      const spare = start();
      // A spare that failed to start (no free uid) rejects when taken, as a direct start would.
      spare.catch(() => undefined);
      spares.push(spare);
    }
  };
  return {
    async take() {
      const next = spares.shift() ?? start();
      refill();
      const child = await next;
      // One that died while it waited (killed from outside) is not the next student's fault: a new one.
      if (!child.session.ended) return child;
      await child.close();
      return start();
    },
    warm: refill,
    async close() {
      closed = true;
      const left = spares.splice(0);
      await Promise.all(left.map((spare) => spare.then((child) => child.close(), () => undefined)));
    },
  };
}
