/** A known wrong approach and the hint it deserves: recognised by the value it returns, or by a predicate. */
export interface Mistake {
  /** What the wrong approach returns for this test's arguments (compared with a relative tolerance of 1e-9). */
  returns?: unknown;
  /** True when `result` (and the arguments as they were after the call) show this mistake. */
  when?: (result: any, argsAfter?: unknown[]) => boolean;
  /** Shown instead of the test's own hint when this mistake is recognised. */
  hint: string;
}

/** One test of an exercise: call the learner's function with `args`, then assert on the result. */
export interface ExerciseTest {
  /** What the test checks, in the learner's words (shown for visible tests only). */
  name: string;
  /** Arguments the learner's function is called with (ignored for `kind: "value"`). A function is called to build them. */
  args?: unknown[] | (() => unknown[]);
  /**
   * Asserts on the returned value (or on the thrown error when `throws` is true); throws when wrong.
   * `argsAfter` is the arguments array as it stood after the learner's function returned: compare it
   * with a copy of `args` to check that the function did not change its inputs.
   */
  expect: (result: any, argsAfter?: unknown[]) => void | Promise<void>;
  /** When true the learner's function is expected to throw; `expect` receives the error. */
  throws?: boolean;
  /** Shown when the test does not pass and no more specific mistake was recognised. */
  hint?: string;
  /** Known wrong approaches for this test, each with its own hint (checked before the generic diagnoses). */
  mistakes?: Mistake[];
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
  /** Hints in order, from a nudge to nearly the answer: `lab.hint(id)` shows the next one each call. Default: the tests' hints. */
  hints?: string[];
  tests: ExerciseTest[];
}
