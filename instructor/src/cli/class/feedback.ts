import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { escapeHtml } from "@trainlab/kernel-ext/dist/display/jupyter";
import { findChapter } from "../../grading/batch";
import { feedbackHtml } from "../../grading/feedback";
import type { StudentResult } from "../../grading/gradebook";
import { classArgs } from "./args";
import { asUser } from "./as-user";
import { chapterRows, ClassRow, resultOf } from "./classbook";
import { assignmentOf, classPaths, parseTime, readClass } from "./config";
import { lateness } from "./deadlines";
import { readMarks } from "./manual-marks";
import { writtenQuestions } from "./written";
import { requireUser } from "./users";

const USAGE = `Usage: trainlab feedback CHAPTER [--class DIR] [--now ISO]
  Writes each graded student's feedback page into HOME/FOLDER/feedback/NN-slug.html (as the student).
  Before the student's deadline (their extension, if any) the page shows the visible tests only;
  after it, the hidden tests' names and points too (never their code, arguments or messages), the
  marks and comments given by hand, and the late penalty. --now pretends it is that time.`;

/**
 * One student's page: the grader's feedback page, restricted to visible tests before the deadline,
 * with a section for the late penalty and the hand-given marks after it.
 */
export function classFeedbackHtml(result: StudentResult, row: ClassRow, options: { slug: string; afterDeadline: boolean; deadline: string; marks: Record<string, { points: number; max: number; comment: string }> }): string {
  if (!options.afterDeadline) {
    const rows = result.rows.filter((r) => !r.hidden);
    const visibleOnly: StudentResult = { ...result, rows, points: rows.reduce((s, r) => s + r.points, 0), max: rows.reduce((s, r) => s + r.max, 0) };
    const note = `<div class="note"><b>Visible tests only.</b> Hidden tests, marks given by hand and your final score appear here after the deadline (${escapeHtml(options.deadline)}).</div>`;
    return feedbackHtml(visibleOnly, { chapter: options.slug })
      .replace("</h1>", `</h1>\n${note}`)
      .replace(/\nHidden tests: 0 of 0 passed\./g, "\nHidden tests: shown after the deadline.");
  }
  const marks = Object.entries(options.marks)
    .map(([q, m]) => `<tr><td>${escapeHtml(q)}</td><td>${m.points} / ${m.max}</td><td>${escapeHtml(m.comment)}</td></tr>`)
    .join("\n");
  const section = `<h2>Your score</h2>
<table><tbody>
<tr><td>Tests (visible and hidden)</td><td>${row.auto}</td></tr>
<tr><td>Written answers, marked by hand</td><td>${row.manual}</td></tr>
<tr><td>Before any late penalty</td><td>${row.raw} / ${row.max}</td></tr>
<tr><td>Late penalty</td><td>${row.penaltyPercent}%${row.daysLate ? ` (${row.daysLate} day(s) after ${escapeHtml(options.deadline)})` : ""}</td></tr>
<tr><td><b>Score</b></td><td><b>${row.score} / ${row.max}</b></td></tr>
</tbody></table>
${marks ? `<h2>Written answers</h2>\n<table><thead><tr><th>Question</th><th>Points</th><th>Comment</th></tr></thead><tbody>\n${marks}\n</tbody></table>` : ""}`;
  return feedbackHtml(result, { chapter: options.slug }).replace("</body>", `${section}\n</body>`);
}

/** Writes every graded student's page into their home; returns what was written, per student. */
export function writeFeedback(classDir: string, chapter: string, options: { now?: number; lessonsRoot?: string } = {}): { login: string; file: string; afterDeadline: boolean }[] {
  const config = readClass(classDir);
  const slug = findChapter(chapter, options.lessonsRoot).slug;
  const assignment = assignmentOf(config, slug);
  const rows = new Map(chapterRows(classDir, config, slug, options.lessonsRoot).map((r) => [r.student, r]));
  const marks = readMarks(classPaths(classDir, slug).manual).marks;
  const questions = new Set(writtenQuestions(slug, options.lessonsRoot).map((q) => q.id));
  const now = options.now ?? Date.now();
  const written: { login: string; file: string; afterDeadline: boolean }[] = [];
  for (const { login } of config.students) {
    const result = resultOf(classDir, slug, login);
    if (!result) continue;
    const deadline = lateness(0, assignment, login).deadline;
    const afterDeadline = now > Date.parse(deadline);
    const mine = Object.fromEntries(Object.entries(marks[login] ?? {}).filter(([q]) => questions.has(q)));
    const html = classFeedbackHtml(result, rows.get(login)!, { slug, afterDeadline, deadline, marks: mine });
    const user = requireUser(login);
    const folder = path.join(user.home, config.folder ?? "trainlab", "feedback");
    const file = path.join(folder, `${slug}.html`);
    // Written as the student, through a temp file and rename: a link they planted changes nothing of anyone else's.
    asUser(user, () => {
      fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
      const tmp = path.join(folder, `.${slug}.html.${process.pid}.tmp`);
      fs.writeFileSync(tmp, html, { mode: 0o644, flag: "w" });
      fs.renameSync(tmp, file);
    });
    written.push({ login, file, afterDeadline });
  }
  return written;
}

/** `trainlab feedback CHAPTER`. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) return console.log(USAGE), 0;
  const { classDir, rest, options } = classArgs(argv, USAGE, ["--now"]);
  if (rest.length !== 1) throw new TrainlabError(USAGE);
  const now = options["--now"] ? parseTime(options["--now"][0], "--now") : undefined;
  const written = writeFeedback(classDir, rest[0], { now });
  for (const w of written) console.log(`${w.login}: ${w.file} (${w.afterDeadline ? "after the deadline: hidden tests, marks, score" : "before the deadline: visible tests only"})`);
  if (!written.length) console.log("no graded students yet: run trainlab grade-class first");
  return 0;
}
