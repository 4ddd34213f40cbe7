import { describeDifference, show } from "./difference";
import { diagnose, matchMistake } from "./diagnose";
import { describeThrownAt, thrownAt } from "./thrown";
import type { Exercise, ExerciseTest } from "./types";

/**
 * The four outcomes of a test (and of an exercise): the stub is still there, a wrong answer,
 * the learner's code threw, or right.
 */
export type Outcome = "not-attempted" | "incorrect" | "threw" | "passed";

/** The outcome of one test. */
export interface TestResult {
  name: string;
  passed: boolean;
  /** Set by {@link runTests} on every result (optional only so results built elsewhere, such as the grader's faults, stay valid). */
  outcome?: Outcome;
  points: number;
  maxPoints: number;
  hidden: boolean;
  /** Why it did not pass: what was expected and what came back, the error thrown, or "not implemented yet". */
  message?: string;
  /** The hint for this result: the recognised mistake's, else the test's own. */
  hint?: string;
  /** For "threw": where in the learner's code ("in meanSquaredError, at: const d = a[i].x;"). */
  where?: string;
}

/** What calling the learner's function gave: its return value and its arguments as they stood after the call. */
export interface Called {
  returned: unknown;
  argsAfter: unknown[];
}

/** Options of {@link runTests}. */
export interface RunOptions {
  /**
   * Calls the learner's function with a test's arguments; throws (or rejects) with what it threw.
   * Default: calls `value` here, and `argsAfter` is the very array it was given. The grader passes
   * one that calls the function in the learner's process and returns the arguments sent back.
   */
  call?: (args: unknown[]) => Called | Promise<Called>;
}

/** The message of the stub the student version puts in place of a solution. */
export const NOT_IMPLEMENTED = "Not implemented yet";

/** What a test says when the learner's function is still the stub (it starts with {@link NOT_IMPLEMENTED}, any case). */
export const NOT_ATTEMPTED_MESSAGE = "not implemented yet: write your code in the exercise cell (in place of the line that throws \"Not implemented yet\"), run that cell, then run this check again";

/**
 * Runs an exercise's tests against the learner's value (a function, or the value itself for
 * `kind: "value"`). Never throws for a wrong answer. Returns a promise only when the learner's
 * function or a test is asynchronous.
 */
export function runTests(exercise: Exercise, value: unknown, options: RunOptions = {}): TestResult[] | Promise<TestResult[]> {
  const results = exercise.tests.map((test) => runTest(exercise, test, value, options));
  return results.some(isPromise) ? Promise.all(results) : (results as TestResult[]);
}

interface Attempt {
  returned?: unknown;
  threw?: unknown;
  isError: boolean;
  argsAfter?: unknown[];
}

function runTest(exercise: Exercise, test: ExerciseTest & { hidden?: boolean }, value: unknown, options: RunOptions): TestResult | Promise<TestResult> {
  const maxPoints = test.points ?? 1;
  const base = { name: test.name, maxPoints, hidden: !!test.hidden };
  const pass = (): TestResult => ({ ...base, passed: true, outcome: "passed", points: maxPoints });
  const fail = (outcome: Outcome, message: string, hint?: string, where?: string): TestResult => {
    const r: TestResult = { ...base, passed: false, outcome, points: 0, message };
    if (hint) r.hint = hint;
    if (where) r.where = where;
    return r;
  };
  const incorrect = (attempt: Attempt, message: string, failure?: unknown) =>
    fail("incorrect", message, matchMistake(test.mistakes, attempt.returned, attempt.argsAfter) ?? diagnoseFailure(failure) ?? test.hint);

  const judge = (attempt: Attempt): TestResult | Promise<TestResult> => {
    if (attempt.isError && isStub(attempt.threw)) return fail("not-attempted", NOT_ATTEMPTED_MESSAGE);
    if (test.throws && !attempt.isError) return incorrect(attempt, `expected an error to be thrown, but it returned ${preview(attempt.returned)}`);
    if (!test.throws && attempt.isError) {
      const where = describeThrownAt(thrownAt(attempt.threw, value));
      return fail("threw", `your code threw ${errorText(attempt.threw)}`, test.hint, where || undefined);
    }
    const failed = (e: unknown) => incorrect(attempt, explainFailure(e, attempt.returned), e);
    try {
      const asserted = test.expect(test.throws ? attempt.threw : attempt.returned, attempt.argsAfter);
      if (isPromise(asserted)) return asserted.then(pass, failed);
      return pass();
    } catch (e) {
      return failed(e);
    }
  };

  if ((exercise.kind ?? "function") === "value") return judge({ returned: value, isError: false });
  if (typeof value !== "function") {
    return fail("incorrect", `check("${exercise.id}", …) expects the function ${exercise.name ?? ""}; it got ${preview(value)}`, test.hint);
  }
  let args: unknown[];
  let called: Called | Promise<Called>;
  try {
    args = typeof test.args === "function" ? test.args() : cloneArgs(test.args ?? []);
    called = options.call ? options.call(args) : { returned: (value as (...a: unknown[]) => unknown)(...args), argsAfter: args };
  } catch (threw) {
    return judge({ threw, isError: true });
  }
  if (isPromise(called)) return called.then((c) => settle(c, judge), (threw) => judge({ threw, isError: true }));
  return settle(called, judge);
}

/** Awaits a returned promise (an async solution) before judging. */
function settle(called: Called, judge: (a: Attempt) => TestResult | Promise<TestResult>): TestResult | Promise<TestResult> {
  const { returned, argsAfter } = called;
  if (isPromise(returned)) return returned.then((r) => judge({ returned: r, isError: false, argsAfter }), (threw) => judge({ threw, isError: true, argsAfter }));
  return judge({ returned, isError: false, argsAfter });
}

/**
 * Why an assertion failed, in full: the author's message, and for arrays, objects, tables and
 * tensors the difference (shape first, then the first differing elements).
 */
export function explainFailure(e: unknown, returned?: unknown): string {
  if (isAssertion(e) && hasExpected(e)) {
    const difference = describeDifference(e.actual, e.expected);
    if (e.generatedMessage) return difference || firstLines(e.message, 12);
    const structured = isStructured(e.actual) || isStructured(e.expected);
    return structured && difference && !e.message.includes(difference) ? `${e.message}\n${difference}` : e.message;
  }
  if (isAssertion(e)) return firstLines(e.message, 12);
  return `${errorText(e)} (the test could not use what your function returned: ${preview(returned)})`;
}

function diagnoseFailure(e: unknown): string | undefined {
  return isAssertion(e) && hasExpected(e) ? diagnose(e.actual, e.expected) : undefined;
}

interface AssertionLike extends Error {
  actual?: unknown;
  expected?: unknown;
  operator?: string;
  generatedMessage?: boolean;
}

function isAssertion(e: unknown): e is AssertionLike {
  return e instanceof Error && e.name === "AssertionError";
}

/** An assertion that compared two values (not assert.ok / assert.fail). */
function hasExpected(e: AssertionLike): boolean {
  return "expected" in e && e.operator !== "==" && e.operator !== "fail" && e.operator !== undefined;
}

function isStructured(v: unknown): boolean {
  return !!v && typeof v === "object";
}

function cloneArgs(args: unknown[]): unknown[] {
  try {
    return structuredClone(args);
  } catch {
    return args;
  }
}

function isStub(e: unknown): boolean {
  const message = e instanceof Error ? e.message : e && typeof e === "object" && "message" in e ? String((e as { message: unknown }).message) : "";
  return message.startsWith(NOT_IMPLEMENTED);
}

function isPromise(v: unknown): v is Promise<any> {
  return !!v && typeof (v as { then?: unknown }).then === "function";
}

function firstLines(text: string, n: number): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.slice(0, n).join("\n") + (lines.length > n ? `\n… (${lines.length - n} more lines)` : "");
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${firstLines(e.message, 12)}`;
  return String(e);
}

/** A short text for a value, for messages. */
export function preview(v: unknown): string {
  if (typeof v === "function") return `a function`;
  if (v === undefined) return "undefined";
  if (typeof v === "number") return show(v);
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x));
    return s.length > 80 ? s.slice(0, 77) + "…" : s;
  } catch {
    return String(v);
  }
}
