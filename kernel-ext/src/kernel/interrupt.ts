/**
 * Kernel → Interrupt for long-running library code. By default an interrupt fails the running
 * cell at once ("Interrupted asynchronously") and tslab then forgets the cell's declarations:
 * a learner who stops a long `fit` loses the model. Code that can stop cleanly (fit stops at the
 * next batch and returns its history) registers here; the Trainlab kernel then lets it stop, so
 * the cell succeeds. A second Interrupt before it has stopped fails the cell as before.
 */

/** Shared through globalThis: the launcher and the notebook's kernel-ext may be two module copies. */
const KEY = Symbol.for("trainlab.interrupt");

interface Registry {
  handlers: Set<() => void>;
  /** An interrupt was passed to the handlers and they have not finished yet. */
  pending: boolean;
}

function registry(): Registry | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as Registry | undefined;
}

/**
 * Installs the registry (the kernel launcher does, once) and returns what to run on SIGINT:
 * the registered handlers if any, else (or on a second interrupt) `failCell`.
 */
export function interruptHandler(failCell: () => void): () => void {
  const state: Registry = { handlers: new Set(), pending: false };
  (globalThis as Record<symbol, unknown>)[KEY] = state;
  return () => {
    if (state.handlers.size === 0 || state.pending) {
      state.pending = false;
      failCell();
      return;
    }
    state.pending = true;
    for (const handler of [...state.handlers]) handler();
  };
}

/**
 * Runs `handler` on Kernel → Interrupt instead of failing the cell, until the returned function
 * is called. Returns null outside the Trainlab kernel (a terminal's Ctrl+C keeps ending the process).
 */
export function onKernelInterrupt(handler: () => void): (() => void) | null {
  const state = registry();
  if (!state) return null;
  state.handlers.add(handler);
  return () => {
    state.handlers.delete(handler);
    if (state.handlers.size === 0) state.pending = false;
  };
}
