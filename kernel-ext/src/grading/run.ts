import type { Exercise, ExerciseTest } from "./types";

/** The outcome of one test. */
export interface TestResult {
  name: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  hidden: boolean;
  /** Why it did not pass (assertion message, the error thrown, or "not implemented yet"). */
  message?: string;
  hint?: string;
}

/** The message of the stub the student version puts in place of a solution. */
export const NOT_IMPLEMENTED = "Not implemented yet";

/**
 * Runs an exercise's tests against the learner's value (a function, or the value itself for
 * `kind: "value"`). Never throws for a wrong answer. Returns a promise only when the learner's
 * function or a test is asynchronous.
 */
export function runTests(exercise: Exercise, value: unknown): TestResult[] | Promise<TestResult[]> {
  const results = exercise.tests.map((test) => runTest(exercise, test, value));
  return results.some(isPromise) ? Promise.all(results) : (results as TestResult[]);
}

function runTest(exercise: Exercise, test: ExerciseTest & { hidden?: boolean }, value: unknown): TestResult | Promise<TestResult> {
  const maxPoints = test.points ?? 1;
  const base = { name: test.name, maxPoints, hidden: !!test.hidden, hint: test.hint };
  const pass = (): TestResult => ({ ...base, passed: true, points: maxPoints });
  const fail = (message: string): TestResult => ({ ...base, passed: false, points: 0, message });

  let args: unknown[] | undefined;
  const judge = (outcome: { returned?: unknown; threw?: unknown; isError: boolean }): TestResult | Promise<TestResult> => {
    if (outcome.isError && isStub(outcome.threw)) return fail("not implemented yet: write your code in the exercise cell, then run it and this check again");
    if (test.throws && !outcome.isError) return fail(`expected an error to be thrown, but it returned ${preview(outcome.returned)}`);
    if (!test.throws && outcome.isError) return fail(`it threw ${errorText(outcome.threw)}`);
    try {
      const asserted = test.expect(test.throws ? outcome.threw : outcome.returned, args);
      if (isPromise(asserted)) return asserted.then(pass, (e) => fail(errorText(e)));
      return pass();
    } catch (e) {
      return fail(errorText(e));
    }
  };

  if ((exercise.kind ?? "function") === "value") return judge({ returned: value, isError: false });
  if (typeof value !== "function") {
    return fail(`check("${exercise.id}", …) expects the function ${exercise.name ?? ""}; it got ${preview(value)}`);
  }
  let returned: unknown;
  try {
    args = typeof test.args === "function" ? test.args() : cloneArgs(test.args ?? []);
    returned = (value as (...a: unknown[]) => unknown)(...args);
  } catch (threw) {
    return judge({ threw, isError: true });
  }
  if (isPromise(returned)) return returned.then((r) => judge({ returned: r, isError: false }), (threw) => judge({ threw, isError: true }));
  return judge({ returned, isError: false });
}

function cloneArgs(args: unknown[]): unknown[] {
  try {
    return structuredClone(args);
  } catch {
    return args;
  }
}

function isStub(e: unknown): boolean {
  return e instanceof Error && e.message.startsWith(NOT_IMPLEMENTED);
}

function isPromise(v: unknown): v is Promise<any> {
  return !!v && typeof (v as { then?: unknown }).then === "function";
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const lines = e.message.split("\n").filter((l) => l.trim() !== "");
    const message = lines.slice(0, 6).join("\n") + (lines.length > 6 ? "\n…" : "");
    return e.name === "AssertionError" ? message : `${e.name}: ${message}`;
  }
  return String(e);
}

/** A short text for a value, for messages. */
export function preview(v: unknown): string {
  if (typeof v === "function") return `a function`;
  if (v === undefined) return "undefined";
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x));
    return s.length > 80 ? s.slice(0, 77) + "…" : s;
  } catch {
    return String(v);
  }
}

