import { escapeHtml } from "@trainlab/kernel-ext/dist/display/jupyter";

/**
 * The marking page: one answer at a time (student, question, rubric, the answer, the outputs of
 * that section of their notebook), points and a comment, earlier comments one click (or Alt+1…9)
 * away. Keys: Enter in the points box or Ctrl+Enter in the comment saves and moves on; outside a
 * text box, n / → next and p / ← previous. Student text is only ever set as textContent.
 */
export function manualPage(chapter: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Marking — ${escapeHtml(chapter)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2328}header{padding:8px 16px;background:#f6f8fa;border-bottom:1px solid #d0d7de}
main{display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px}pre{white-space:pre-wrap;background:#f6f8fa;padding:8px;margin:4px 0;max-height:260px;overflow:auto}
#answer{white-space:pre-wrap;border-left:4px solid #0969da;padding:6px 10px;min-height:3em}textarea{width:100%;height:5em}
.comments button{display:block;text-align:left;margin:2px 0;width:100%}.done{color:#1a7f37}#status{margin-left:12px}
</style></head><body>
<header><b>Marking ${escapeHtml(chapter)}</b> · <span id="progress"></span> · <span id="student"></span> · question <span id="question"></span><span id="status"></span></header>
<main>
<section><h3>Answer</h3><div id="answer"></div><h3>Rubric</h3><ul id="rubric"></ul><h3>The student's outputs in this section</h3><div id="outputs"></div></section>
<section><h3>Mark</h3>
<label>Points (0–<span id="max"></span>): <input id="points" type="number" min="0" step="0.5" autofocus></label>
<p><label>Comment<br><textarea id="comment"></textarea></label></p>
<p><button id="save">Save and next (Enter)</button> <button id="prev">← Previous (p)</button> <button id="next">Next → (n)</button></p>
<h3>Earlier comments (Alt+1…9)</h3><div class="comments" id="comments"></div>
</section>
</main>
<script>
const token = new URLSearchParams(location.search).get("token");
let items = [], comments = [], at = 0;
const $ = (id) => document.getElementById(id);
async function load() {
  const r = await fetch("/api/items?token=" + encodeURIComponent(token));
  const data = await r.json();
  items = data.items; comments = data.comments;
  const first = items.findIndex((i) => !i.mark);
  show(first < 0 ? 0 : first);
}
function show(i) {
  if (!items.length) { $("answer").textContent = "Nothing to mark."; return; }
  at = Math.max(0, Math.min(items.length - 1, i));
  const it = items[at];
  $("progress").textContent = (at + 1) + " of " + items.length + " (" + items.filter((x) => x.mark).length + " marked)";
  $("student").textContent = it.login;
  $("question").textContent = it.question;
  $("max").textContent = it.max;
  $("points").max = it.max;
  $("answer").textContent = it.answer || "(no answer)";
  $("rubric").replaceChildren(...it.rubric.map((t) => { const li = document.createElement("li"); li.textContent = t; return li; }));
  $("outputs").replaceChildren(...(it.outputs.length ? it.outputs.map((o) => { const p = document.createElement("pre"); p.textContent = "[cell " + o.cell + "]\\n" + o.text; return p; }) : [Object.assign(document.createElement("p"), { textContent: "(no outputs saved in this section)" })]));
  $("points").value = it.mark ? it.mark.points : "";
  $("comment").value = it.mark ? it.mark.comment : "";
  $("status").textContent = it.mark ? " · marked " + it.mark.at : "";
  $("status").className = it.mark ? "done" : "";
  renderComments();
  $("points").focus();
}
function renderComments() {
  $("comments").replaceChildren(...comments.slice(0, 9).map((c, k) => { const b = document.createElement("button"); b.type = "button"; b.textContent = (k + 1) + ". " + c; b.onclick = () => use(k); return b; }));
}
function use(k) { if (comments[k] !== undefined) { $("comment").value = comments[k]; $("points").focus(); } }
async function save() {
  const it = items[at];
  const points = Number($("points").value);
  if ($("points").value === "" || !(points >= 0 && points <= it.max)) { $("status").textContent = " · points must be between 0 and " + it.max; $("status").className = ""; $("points").focus(); return; }
  const r = await fetch("/api/mark", { method: "POST", headers: { "Content-Type": "application/json", "X-Trainlab-Token": token }, body: JSON.stringify({ login: it.login, question: it.question, points, comment: $("comment").value }) });
  const data = await r.json();
  if (!r.ok) { $("status").textContent = " · not saved: " + data.error; return; }
  it.mark = data.mark; comments = data.comments;
  show(at + 1 < items.length ? at + 1 : at);
  if (items.every((x) => x.mark)) { $("status").textContent = " · all answers marked"; $("status").className = "done"; }
}
$("save").onclick = save;
$("next").onclick = () => show(at + 1);
$("prev").onclick = () => show(at - 1);
document.addEventListener("keydown", (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
  if (e.altKey && /^[1-9]$/.test(e.key)) { e.preventDefault(); use(Number(e.key) - 1); return; }
  if (e.key === "Enter" && (e.target === $("points") || (e.target === $("comment") && e.ctrlKey))) { e.preventDefault(); save(); return; }
  if (typing) return;
  if (e.key === "n" || e.key === "ArrowRight") show(at + 1);
  if (e.key === "p" || e.key === "ArrowLeft") show(at - 1);
});
load();
</script>
</body></html>
`;
}
