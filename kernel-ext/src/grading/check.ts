import { displayBundle, escapeHtml } from "../display/jupyter";
import { findExercise } from "./exercises";
import { NOT_ATTEMPTED_MESSAGE, Outcome, runTests, TestResult } from "./run";
import type { Exercise } from "./types";

/** What `check` found: the exercise's outcome, passed/total tests and points, one entry per test. */
export interface CheckSummary {
  id: string;
  /** "passed" when every test passed; else "not-attempted" (the stub is still there), "threw" or "incorrect". */
  outcome: Outcome;
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
  results: TestResult[];
}

/**
 * Runs exercise `id`'s visible tests on what the learner defined and shows one of four outcomes
 * (not attempted, incorrect, your code threw, passed), with a line per test and, for each that
 * did not pass, what was expected and what came back, and a hint that follows the mistake. Never
 * throws on a wrong answer; a stub never passes. Returns nothing (so the cell shows only the
 * report); with an async function it returns a promise: `await check(...)`.
 */
export function check(id: string, value: unknown): void | Promise<void> {
  let exercise: Exercise;
  try {
    exercise = findExercise(id);
  } catch (e) {
    show(errorReport(id, e));
    return;
  }
  const results = runTests(exercise, value);
  if (results instanceof Promise) return results.then((r) => show(report(exercise, r)));
  show(report(exercise, results));
}

/** A check's report as a MIME bundle (HTML, plain text and the JSON summary). */
export interface Report {
  summary: CheckSummary | null;
  html: string;
  text: string;
}

function show(r: Report): void {
  if (!displayBundle(reportBundle(r))) console.log(r.text);
}

/** The MIME bundle of a report: `text/html`, `text/plain` and `application/vnd.trainlab.check+json`. */
export function reportBundle(r: Report): Record<string, unknown> {
  const bundle: Record<string, unknown> = { "text/html": r.html, "text/plain": r.text };
  if (r.summary) {
    bundle["application/vnd.trainlab.check+json"] = {
      ...r.summary,
      results: r.summary.results.map((t) => ({ name: t.name, passed: t.passed, outcome: outcomeOf(t), points: t.points, maxPoints: t.maxPoints })),
    };
  }
  return bundle;
}

/** The summary of a run of tests. */
export function summarize(id: string, results: TestResult[]): CheckSummary {
  return {
    id,
    outcome: exerciseOutcome(results),
    passed: results.filter((r) => r.passed).length,
    total: results.length,
    points: results.reduce((s, r) => s + r.points, 0),
    maxPoints: results.reduce((s, r) => s + r.maxPoints, 0),
    results,
  };
}

/** One outcome for an exercise: not attempted if the stub is there, else passed, threw or incorrect. */
export function exerciseOutcome(results: TestResult[]): Outcome {
  if (results.some((r) => outcomeOf(r) === "not-attempted")) return "not-attempted";
  if (results.every((r) => r.passed)) return "passed";
  return results.some((r) => outcomeOf(r) === "threw") ? "threw" : "incorrect";
}

function outcomeOf(r: TestResult): Outcome {
  return r.outcome ?? (r.passed ? "passed" : "incorrect");
}

/** How each outcome looks: a mark, a colour and a word, distinct at a glance. */
export const OUTCOME_STYLE: Record<Outcome, { mark: string; color: string; background: string; label: string }> = {
  passed: { mark: "✓", color: "#1a7f37", background: "#dafbe1", label: "Passed" },
  incorrect: { mark: "✗", color: "#cf222e", background: "#ffebe9", label: "Incorrect" },
  threw: { mark: "⚠", color: "#9a6700", background: "#fff8c5", label: "Your code threw an error" },
  "not-attempted": { mark: "✎", color: "#57606a", background: "#f6f8fa", label: "Not attempted yet" },
};

/** The report of an exercise's results. */
export function report(exercise: Exercise, results: TestResult[]): Report {
  const summary = summarize(exercise.id, results);
  const style = OUTCOME_STYLE[summary.outcome];
  const title = `Exercise ${exercise.id}${exercise.title ? ` — ${exercise.title}` : ""}`;
  const counts = `${summary.passed} of ${summary.total} tests passed`;
  const verdict =
    summary.outcome === "passed"
      ? `${style.label}: all ${summary.total} tests passed`
      : summary.outcome === "not-attempted"
        ? `${style.label}: write your code in the exercise cell (in place of the line that throws "Not implemented yet"), run it, then run this check again`
        : `${style.label} — ${counts}`;
  const attempted = summary.outcome !== "not-attempted";
  const rows = results.map((r) => {
    const detail = r.passed || !attempted ? "" : [r.message === NOT_ATTEMPTED_MESSAGE ? "" : r.message, r.where ? `Where: ${r.where}` : "", r.hint ? `Hint: ${r.hint}` : ""].filter(Boolean).join("\n");
    const style = OUTCOME_STYLE[outcomeOf(r)];
    return { mark: style.mark, color: style.color, name: r.name, detail };
  });
  const more = attempted && !summary.results.every((r) => r.passed) ? `More help: lab.hint("${exercise.id}") shows a hint, one more each time you run it.` : "";
  const html =
    `<div class="trainlab-check trainlab-${summary.outcome} tex2jax_ignore" style="border-left:6px solid ${style.color};background:${style.background};padding:6px 10px;font-size:13px">` +
    `<div style="font-weight:bold;color:${style.color}"><span style="font-size:16px">${style.mark}</span> ${safeHtml(title)}: ${safeHtml(verdict)}</div>` +
    `<ul style="list-style:none;padding-left:0;margin:4px 0">` +
    rows.map((r) => `<li><span style="color:${r.color};font-weight:bold">${r.mark}</span> ${safeHtml(r.name)}` + (r.detail ? `<pre style="margin:2px 0 4px 18px;white-space:pre-wrap;color:#1f2328;background:transparent">${safeHtml(r.detail)}</pre>` : "") + `</li>`).join("") +
    `</ul>` +
    (more ? `<div style="color:#57606a">${safeHtml(more)}</div>` : "") +
    `</div>`;
  const text = [`${style.mark} ${title}: ${verdict}`, ...rows.map((r) => `  ${r.mark} ${r.name}${r.detail ? "\n      " + r.detail.split("\n").join("\n      ") : ""}`), ...(more ? [more] : [])].join("\n");
  return { summary, html, text };
}

/**
 * HTML-escaped text that Jupyter's MathJax leaves alone: every `$` becomes `&#36;` in its own span
 * (the container also carries `tex2jax_ignore`), so "at $2/h that is $2" never renders as maths.
 */
export function safeHtml(text: string): string {
  return escapeHtml(text).replace(/\$/g, "<span>&#36;</span>").replace(/\\\(|\\\[/g, (m) => `<span>\\</span>${m[1]}`);
}

function errorReport(id: string, e: unknown): Report {
  const message = e instanceof Error ? e.message : String(e);
  return {
    summary: null,
    html: `<div class="trainlab-check tex2jax_ignore" style="border-left:6px solid #cf222e;padding:4px 10px;color:#cf222e">check("${safeHtml(id)}") could not run: ${safeHtml(message)}</div>`,
    text: `check("${id}") could not run: ${message}`,
  };
}
