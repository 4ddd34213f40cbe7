/** One test of an exercise: call the learner's function with `args`, then assert on the result. */
export interface ExerciseTest {
  /** What the test checks, in the learner's words (shown for visible tests only). */
  name: string;
  /** Arguments the learner's function is called with (ignored for `kind: "value"`). A function is called to build them. */
  args?: unknown[] | (() => unknown[]);
  /**
   * Asserts on the returned value (or on the thrown error when `throws` is true); throws when wrong.
   * `argsAfter`: the arguments array as it stood after the learner's function returned (to check
   * that it did not change its inputs).
   */
  expect: (result: any, argsAfter?: unknown[]) => void | Promise<void>;
  /** When true the learner's function is expected to throw; `expect` receives the error. */
  throws?: boolean;
  /** Shown when the test does not pass. */
  hint?: string;
  /** Points for passing this test. Default 1. */
  points?: number;
}

/** An exercise: a function or value the learner defines in a cell, and its tests. */
export interface Exercise {
  /** "chapter.number", e.g. "0.1". */
  id: string;
  /** Short title shown with the results. */
  title?: string;
  /** The name the learner defines in the notebook. */
  name?: string;
  /** "function" (default): tests call it with `args`; "value": tests receive the value itself. */
  kind?: "function" | "value";
  tests: ExerciseTest[];
}
