import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { randomBytes, timingSafeEqual } from "crypto";
import { AddressInfo } from "net";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { findChapter, safeName } from "../../grading/batch";
import { writeAtomic } from "../../grading/gradebook";
import { classArgs } from "./args";
import { chapterRows, resultOf, writeClassGradebook } from "./classbook";
import { readCollection } from "./collect";
import { classPaths, readClass } from "./config";
import { classFeedbackHtml } from "./feedback";
import { readMarks, saveMark } from "./manual-marks";
import { manualPage } from "./manual-page";
import { writtenAnswer, writtenQuestions } from "./written";

const USAGE = `Usage: trainlab manual CHAPTER [--class DIR] [--port P]
  Serves a page on 127.0.0.1 (only; a secret token in its URL) for marking the chapter's written
  answers by hand: one answer at a time beside the student's outputs for that section and the
  rubric; points, a comment (earlier comments offered again), keyboard to move on. Every mark is
  saved atomically to DIR/manual/NN-slug.json and merged into DIR/gradebook.csv and the student's
  feedback page in DIR/grades/NN-slug/feedback/. Ctrl-C stops it.`;

/** One answer to mark, as the page receives it. */
export interface MarkItem {
  login: string;
  question: string;
  max: number;
  rubric: string[];
  answer: string;
  outputs: { cell: number; text: string }[];
  mark?: { points: number; comment: string; at: string };
}

/** Every written answer of the chapter's collected notebooks, student by student. */
export function markItems(classDir: string, slug: string, lessonsRoot?: string): MarkItem[] {
  const paths = classPaths(classDir, slug);
  const collection = readCollection(paths.collected, slug);
  const questions = writtenQuestions(slug, lessonsRoot);
  const marks = readMarks(paths.manual).marks;
  return Object.entries(collection.students)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([login, entry]) => {
      const text = fs.readFileSync(path.join(paths.collected, entry.file), "utf8");
      return questions.map((q) => {
        const found = writtenAnswer(text, q.id);
        const m = marks[login]?.[q.id];
        return { login, question: q.id, max: q.points, rubric: q.rubric, answer: found.answer, outputs: found.outputs, ...(m ? { mark: { points: m.points, comment: m.comment, at: m.at } } : {}) };
      });
    });
}

/** A running marking server. */
export interface ManualServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the marking server on 127.0.0.1 (port 0: any free port). */
export async function startManual(classDir: string, chapter: string, options: { port?: number; lessonsRoot?: string; token?: string } = {}): Promise<ManualServer> {
  const config = readClass(classDir);
  const slug = findChapter(chapter, options.lessonsRoot).slug;
  const questions = writtenQuestions(slug, options.lessonsRoot);
  if (questions.length === 0) throw new TrainlabError(`${slug} has no written questions (no lessons/${slug}/written.json): nothing to mark by hand.`);
  const paths = classPaths(classDir, slug);
  fs.mkdirSync(path.dirname(paths.manual), { recursive: true, mode: 0o700 });
  const token = options.token ?? randomBytes(24).toString("hex");
  const expected = Buffer.from(token);
  const authorised = (given: string | null | undefined) => !!given && given.length === token.length && timingSafeEqual(Buffer.from(given), expected);
  let port = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'", "Referrer-Policy": "no-referrer" });
      res.end(body);
    };
    const json = (status: number, value: unknown) => send(status, "application/json", JSON.stringify(value));
    // Only this machine's own address, never a rebinding name; the token on every request.
    if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) return send(421, "text/plain", "wrong host");
    if (!authorised(url.searchParams.get("token") ?? (req.headers["x-trainlab-token"] as string | undefined))) return send(403, "text/plain", "this page needs the token printed by trainlab manual");
    try {
      if (req.method === "GET" && url.pathname === "/") return send(200, "text/html; charset=utf-8", manualPage(slug));
      if (req.method === "GET" && url.pathname === "/api/items") return json(200, { chapter: slug, items: markItems(classDir, slug, options.lessonsRoot), comments: readMarks(paths.manual).comments });
      if (req.method === "POST" && url.pathname === "/api/mark") {
        if (!authorised(req.headers["x-trainlab-token"] as string | undefined)) return send(403, "text/plain", "POST needs the X-Trainlab-Token header");
        let body = "";
        req.on("data", (c) => {
          body += c;
          if (body.length > 100_000) req.destroy();
        });
        req.on("end", () => {
          try {
            const m = JSON.parse(body) as { login?: string; question?: string; points?: number; comment?: string };
            const q = questions.find((x) => x.id === m.question);
            if (!q || typeof m.login !== "string" || !config.students.some((s) => s.login === m.login)) return json(400, { error: "unknown student or question" });
            const marks = saveMark(paths.manual, m.login, q.id, { points: Number(m.points), max: q.points, comment: String(m.comment ?? "") });
            mergeMark(classDir, slug, m.login, options.lessonsRoot);
            json(200, { ok: true, mark: marks.marks[m.login][q.id], comments: marks.comments });
          } catch (e) {
            json(400, { error: e instanceof TrainlabError ? e.message : "bad request" });
          }
        });
        return;
      }
      send(404, "text/plain", "not found");
    } catch (e) {
      json(500, { error: e instanceof TrainlabError ? e.message : String(e) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** After a mark: the class gradebook and the instructor's copy of the student's feedback page. */
function mergeMark(classDir: string, slug: string, login: string, lessonsRoot?: string): void {
  const config = readClass(classDir);
  writeClassGradebook(classDir, config, lessonsRoot);
  const result = resultOf(classDir, slug, login);
  if (!result) return;
  const row = chapterRows(classDir, config, slug, lessonsRoot).find((r) => r.student === login)!;
  const marks = readMarks(classPaths(classDir, slug).manual).marks[login] ?? {};
  const dir = path.join(classPaths(classDir, slug).grades, "feedback");
  fs.mkdirSync(dir, { recursive: true });
  writeAtomic(path.join(dir, `${safeName(login)}.html`), classFeedbackHtml(result, row, { slug, afterDeadline: true, deadline: row.deadline, marks }));
}

/** `trainlab manual CHAPTER`. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) return console.log(USAGE), 0;
  const { classDir, rest, options } = classArgs(argv, USAGE, ["--port"]);
  if (rest.length !== 1) throw new TrainlabError(USAGE);
  const port = options["--port"] ? Number(options["--port"][0]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TrainlabError(`--port must be a port number (got ${options["--port"]?.[0]}).`);
  const server = await startManual(classDir, rest[0], { port });
  console.log(`marking page (this machine only; keep the token secret): ${server.url}`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await server.close();
  return 0;
}
