import { escapeHtml } from "@trainlab/kernel-ext/dist/core/html";
import type { StudentResult, TestRow } from "./gradebook";

const MARK: Record<string, string> = { passed: "✓", failed: "✗", "not implemented": "…", timeout: "⏱", crashed: "✗", missing: "?", "protocol violation": "✗" };

const STATUS_TEXT: Record<string, string> = {
  ok: "Your notebook ran from top to bottom.",
  "cell errors": "Your notebook ran, but some cells failed (listed below). Tests still ran on what the notebook defined.",
  timeout: "Your notebook took too long and was stopped; tests that could not run score 0.",
  crashed: "Your notebook's process ended before grading finished; tests that could not run score 0.",
  unreadable: "Your file could not be read as a notebook.",
  "protocol violation": "Your notebook's process wrote to the grader's channel (or sent a message it was not asked for); grading stopped there and tests not yet run score 0.",
  refused: "Your submission was not graded (the reason is below); ask your instructor.",
};

/**
 * One student's feedback page. Visible tests show what failed and why (message and hint);
 * hidden tests show only their name, whether they passed and their points — never their
 * source, arguments or messages. Nothing the notebook printed is shown.
 */
export function feedbackHtml(result: StudentResult, options: { chapter?: string; title?: string } = {}): string {
  const exercises = [...new Set(result.rows.map((r) => r.exercise))];
  const sections = exercises.map((id) => exerciseSection(id, result.rows.filter((r) => r.exercise === id)));
  const notes: string[] = [];
  if (result.tampered || result.flags.length) {
    notes.push(
      `<div class="note warn">${result.tampered ? "<b>Changes to locked cells were ignored.</b> Your notebook was graded with the original instructions and tests:" : "<b>Notes from grading:</b>"}<ul>` +
        result.flags.map((f) => `<li>${escapeHtml(truncate(f, 600))}</li>`).join("") +
        `</ul></div>`,
    );
  }
  if (result.cellErrors.length) {
    notes.push(
      `<div class="note"><b>Cells that failed when your notebook ran:</b><ul>` +
        result.cellErrors.map((e) => `<li>code cell ${e.cell}: <code>${escapeHtml(truncate(e.ename, 100))}</code> ${escapeHtml(truncate(e.evalue, 400))}</li>`).join("") +
        `</ul></div>`,
    );
  }
  const title = options.title ?? `Feedback${options.chapter ? ` — chapter ${options.chapter}` : ""}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} — ${escapeHtml(truncate(result.student, 200))}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:860px;margin:24px auto;padding:0 16px;color:#1f2328}
h1{font-size:20px}h2{font-size:16px;margin-top:24px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
.pass{color:#1a7f37}.fail{color:#cf222e}.note{border-left:4px solid #999;padding:4px 10px;margin:10px 0;background:#f6f8fa}
.warn{border-color:#bf8700}pre{white-space:pre-wrap;margin:2px 0;color:#444}.total{font-size:16px;font-weight:bold}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Student: <b>${escapeHtml(truncate(result.student, 200))}</b></p>
<p class="total">Total: ${fmt(result.points)} / ${fmt(result.max)} points</p>
<p>${escapeHtml(STATUS_TEXT[result.status] ?? result.status)}</p>
${notes.join("\n")}
<table><thead><tr><th>Exercise</th><th>Points</th></tr></thead><tbody>
${exercises.map((id) => {
    const rows = result.rows.filter((r) => r.exercise === id);
    return `<tr><td>${escapeHtml(id)}</td><td>${fmt(sum(rows, "points"))} / ${fmt(sum(rows, "max"))}</td></tr>`;
  }).join("\n")}
</tbody></table>
${sections.join("\n")}
</body></html>
`;
}

function exerciseSection(id: string, rows: TestRow[]): string {
  const visible = rows.filter((r) => !r.hidden);
  const hidden = rows.filter((r) => r.hidden);
  const passedHidden = hidden.filter((r) => r.status === "passed").length;
  const line = (r: TestRow, detail: string) =>
    `<tr><td class="${r.status === "passed" ? "pass" : "fail"}">${MARK[r.status] ?? "✗"} ${escapeHtml(r.status)}</td><td>${escapeHtml(truncate(r.test, 300))}${detail}</td><td>${fmt(r.points)} / ${fmt(r.max)}</td></tr>`;
  const visibleRows = visible.map((r) => {
    const detail = r.status === "passed" ? "" : [r.message, r.hint ? `Hint: ${r.hint}` : ""].filter(Boolean).map((t) => `<pre>${escapeHtml(truncate(t!, 600))}</pre>`).join("");
    return line(r, detail);
  });
  // Hidden tests: name, pass/fail and points only.
  const hiddenRows = hidden.map((r) => line(r, ""));
  return `<h2>Exercise ${escapeHtml(id)} — ${fmt(sum(rows, "points"))} / ${fmt(sum(rows, "max"))} points</h2>
<p>Visible tests (the ones <code>lab.check</code> runs): ${visible.filter((r) => r.status === "passed").length} of ${visible.length} passed.
Hidden tests: ${passedHidden} of ${hidden.length} passed.</p>
<table><thead><tr><th>Result</th><th>Test</th><th>Points</th></tr></thead><tbody>
${visibleRows.join("\n")}
${hidden.length ? `<tr><td colspan="3"><i>Hidden tests (only their names are shown)</i></td></tr>\n${hiddenRows.join("\n")}` : ""}
</tbody></table>`;
}

function sum(rows: TestRow[], key: "points" | "max"): number {
  return rows.reduce((s, r) => s + r[key], 0);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function truncate(text: string, n: number): string {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}
