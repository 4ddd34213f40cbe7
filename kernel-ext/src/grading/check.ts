import { displayBundle, escapeHtml } from "../display/jupyter";
import { findExercise } from "./exercises";
import { runTests, TestResult } from "./run";
import type { Exercise } from "./types";

/** What `check` found: passed/total tests and points, one entry per test. */
export interface CheckSummary {
  id: string;
  passed: number;
  total: number;
  points: number;
  maxPoints: number;
  results: TestResult[];
}

/**
 * Runs exercise `id`'s visible tests on what the learner defined and shows a pass/fail line per
 * test, with a hint for each that did not pass. Never throws on a wrong answer; a stub never
 * passes. Returns nothing (so the cell shows only the report); with an async function it returns
 * a promise: `await check(...)`.
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

interface Report {
  summary: CheckSummary | null;
  html: string;
  text: string;
}

function show(r: Report): void {
  const bundle: Record<string, unknown> = { "text/html": r.html, "text/plain": r.text };
  if (r.summary) bundle["application/vnd.trainlab.check+json"] = { ...r.summary, results: r.summary.results.map(({ name, passed, points, maxPoints }) => ({ name, passed, points, maxPoints })) };
  if (!displayBundle(bundle)) console.log(r.text);
}

/** The summary of a run of tests. */
export function summarize(id: string, results: TestResult[]): CheckSummary {
  return {
    id,
    passed: results.filter((r) => r.passed).length,
    total: results.length,
    points: results.reduce((s, r) => s + r.points, 0),
    maxPoints: results.reduce((s, r) => s + r.maxPoints, 0),
    results,
  };
}

function report(exercise: Exercise, results: TestResult[]): Report {
  const summary = summarize(exercise.id, results);
  const all = summary.passed === summary.total;
  const title = `Exercise ${exercise.id}${exercise.title ? ` — ${exercise.title}` : ""}`;
  const verdict = all ? `all ${summary.total} tests passed` : `${summary.passed} of ${summary.total} tests passed — not passed yet`;
  const rows = results.map((r) => {
    const detail = r.passed ? "" : [r.message, r.hint ? `Hint: ${r.hint}` : ""].filter(Boolean).join("\n");
    return { mark: r.passed ? "✓" : "✗", name: r.name, detail };
  });
  const color = all ? "#1a7f37" : "#cf222e";
  const html =
    `<div class="trainlab-check" style="border-left:4px solid ${color};padding:4px 10px;font-size:13px">` +
    `<div style="font-weight:bold;color:${color}">${escapeHtml(title)}: ${escapeHtml(verdict)}</div><ul style="list-style:none;padding-left:0;margin:4px 0">` +
    rows.map((r) => `<li><span style="color:${r.mark === "✓" ? "#1a7f37" : "#cf222e"};font-weight:bold">${r.mark}</span> ${escapeHtml(r.name)}` + (r.detail ? `<pre style="margin:2px 0 4px 18px;white-space:pre-wrap;color:#444">${escapeHtml(r.detail)}</pre>` : "") + `</li>`).join("") +
    `</ul></div>`;
  const text = [`${title}: ${verdict}`, ...rows.map((r) => `  ${r.mark} ${r.name}${r.detail ? "\n      " + r.detail.split("\n").join("\n      ") : ""}`)].join("\n");
  return { summary, html, text };
}

function errorReport(id: string, e: unknown): Report {
  const message = e instanceof Error ? e.message : String(e);
  return {
    summary: null,
    html: `<div class="trainlab-check" style="border-left:4px solid #cf222e;padding:4px 10px;color:#cf222e">check("${escapeHtml(id)}") could not run: ${escapeHtml(message)}</div>`,
    text: `check("${id}") could not run: ${message}`,
  };
}
