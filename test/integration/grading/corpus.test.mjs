// Grades the whole chapter-0 submission corpus (test/fixtures/submissions/ch00, built by
// make_corpus.mjs) with --jobs 2 through the real CLI and sandbox, and checks every row of
// exercise 0.1 (the submissions leave exercises 0.2 and 0.3 as released: stubs, 0 points); at the
// same time a second grading run on this machine grades the fixture chapter's corpus (ch99).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
// The exercise runner's internals (not in lab.grading, the learner's public API).
const grading = require("../../../kernel-ext/dist/grading/index.js");
const tools = require("../../../instructor/dist/index.js");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const corpus = path.join(root, "test/fixtures/submissions/ch00");
const corpus99 = path.join(root, "test/fixtures/submissions/ch99");
const lessons99 = path.join(root, "test/fixtures/submissions/lessons");
// Seconds a cell or call may run: 10 keeps the endless-loop fixtures short; a loaded machine needs more.
const TIMEOUT = process.env.TRAINLAB_CORPUS_TIMEOUT ?? "10";
const exercise = grading.loadExercises(grading.chapterDir("0.1"), { hidden: true }).find((e) => e.id === "0.1");
const NAMES = exercise.tests.map((t) => (t.hidden ? "[hidden] " : "") + t.name);
const MAX = Object.fromEntries(exercise.tests.map((t, i) => [NAMES[i], t.points ?? 1]));
const [V1, V2, V3] = NAMES;
const H2 = NAMES.find((n) => n.includes("a single value"));

// student → what each test should end as (default: "passed"), the run's status, tampered.
const all = (status) => Object.fromEntries(NAMES.map((n) => [n, status]));
const EXPECTED = {
  correct: { tests: all("passed"), status: "ok" },
  stubs: { tests: all("not implemented"), status: "cell errors" },
  partial: { tests: { ...all("passed"), [V3]: "failed" }, status: "ok" },
  "syntax-error": { tests: all("passed"), status: "cell errors", cellError: /TypeScript|Expression expected/ },
  "infinite-loop": { tests: { ...all("passed"), [H2]: "timeout" }, status: "cell errors", cellError: /Timeout/ },
  "exit-early": { tests: all("passed"), status: "cell errors", cellError: /process\.exit\(0\)/ },
  "throws-top-level": { tests: all("passed"), status: "cell errors", cellError: /something went wrong/ },
  // Its answer (always 0) is right only for identical arrays. There is no IPC channel left to patch
  // (process.send is undefined: that cell fails), and its Object.prototype.toJSON does not change the replies.
  "monkey-patch": { tests: { ...all("failed"), [V1]: "passed" }, status: "cell errors", cellError: /reading 'bind'/ },
  "fake-pass": { tests: all("failed"), status: "ok" },
  "fs-escape": { tests: all("passed"), status: "cell errors", cellError: /restricted|ERR_ACCESS_DENIED/ },
  "huge-output": { tests: all("passed"), status: "ok" },
  tampered: { tests: all("not implemented"), status: "cell errors", tampered: true },
  renamed: { tests: all("passed"), status: "ok" },
  zoe: { tests: all("passed"), status: "ok" },
  "signal-attack": { tests: all("passed"), status: "ok" },
  network: { tests: all("passed"), status: "ok" },
  // Issue 11: each break, and the score it must get.
  "hidden-read": { tests: all("passed"), status: "ok" },
  "ipc-bytes": { tests: all("protocol violation"), status: "protocol violation", cellError: /ProtocolViolation: bytes that are not a JSON message/ },
  "forged-cells": { tests: all("protocol violation"), status: "protocol violation", cellError: /ProtocolViolation: a cell message while waiting for cell/ },
  // A forged "passed" reply to the first call, its value non-canonical base64: refused (failed),
  // then the real reply out of turn ends the process.
  "forged-bytes": { tests: { ...all("protocol violation"), [V1]: "failed" }, status: "protocol violation" },
  "huge-error-name": { tests: { ...all("failed"), [V3]: "passed" }, status: "cell errors", cellError: /huge name in a cell/ },
  "=2+5": { tests: all("passed"), status: "ok" },
  "xd collide": { tests: all("missing"), status: "refused", flag: /"xd collide" and "xd_collide" map to the same file name/ },
  xd_collide: { tests: all("missing"), status: "refused", flag: /"xd_collide" and "xd collide" map to the same file name/ },
  "two-notebooks": { tests: all("missing"), status: "refused", flag: /2 notebooks/ },
  "other-chapter": { tests: all("missing"), status: "refused", flag: /chapter 06-fairness, not 00-getting-started/ },
  "aaa-kill-all": { tests: all("passed"), status: "ok" },
};
/** The gradebook writes ids a spreadsheet would run as formulas with a leading apostrophe. */
const inGradebook = (student) => (/^[=+\-@]/.test(student) ? `'${student}` : student);

function trainlab(args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "bin/trainlab.js"), ...args], { cwd: root, ...options });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    options.onSpawn?.(child, () => out);
    child.on("exit", (code, signal) => resolve({ code, signal, out }));
  });
}

const isRoot = process.getuid?.() === 0;
const layers = tools.grading.sandboxLayers();
// Without root, children run in a user namespace with the grader's uid outside it: kill() of their
// parent (the namespace's own init, which the kernel shields) then returns success, which this
// fixture counts as an attack that worked, so it is graded only as root. CI runs as root.
const NEEDS_ROOT = ["signal-attack"];
if (!isRoot) for (const s of NEEDS_ROOT) delete EXPECTED[s];

describe("trainlab grade on the chapter-0 corpus (--jobs 2)", function () {
  this.timeout(900_000);
  let out, submissions, run, results, gradebook, connections = 0, server, run99, results99;
  const pwned = ["/tmp/trainlab-corpus-PWNED.txt", path.join(root, "test/fixtures/submissions/PWNED-by-fs-escape.txt")];

  before(async function () {
    if (!layers.mode) {
      console.log(`      (skipped: no isolation on this machine — ${layers.missing.join("; ")}; the grader refuses to grade here)`);
      this.skip();
    }
    // The corpus is built from the lesson; when chapter 0 changes it must be rebuilt.
    const chapter = tools.lessons.listChapters(path.join(root, "lessons")).find((c) => c.slug.startsWith("00-"));
    const released = tools.grading.readCells(tools.lessons.buildChapter(chapter, "student"), "release");
    const stubs = tools.grading.readCells(fs.readFileSync(path.join(corpus, "stubs/00-getting-started.ipynb"), "utf8"), "stubs");
    if (tools.grading.planSubmission(released, stubs).tampered) {
      throw new Error("test/fixtures/submissions/ch00 is older than lessons/00-getting-started: run `node test/fixtures/submissions/make_corpus.mjs` and commit it.");
    }
    for (const f of pwned) fs.rmSync(f, { force: true });
    server = net.createServer((s) => (connections++, s.destroy()));
    await new Promise((r) => server.listen(47913, "127.0.0.1", r));
    out = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-grade-test-"));
    const started = Date.now();
    submissions = corpus;
    if (!isRoot) {
      submissions = path.join(out, "submissions");
      fs.cpSync(corpus, submissions, { recursive: true });
      for (const s of NEEDS_ROOT) fs.rmSync(path.join(submissions, s), { recursive: true });
    }
    // A second grading run on the same machine at the same time (the fixture chapter 99): its
    // children must get other uids and survive aaa-kill-all.
    const second = trainlab(["grade", corpus99, "--chapter", "99", "--jobs", "2", "--timeout", TIMEOUT, "--out", path.join(out, "ch99")], { env: { ...process.env, TRAINLAB_LESSONS: lessons99 } });
    run = await trainlab(["grade", submissions, "--chapter", "0", "--jobs", "2", "--timeout", TIMEOUT, "--out", out]);
    run.seconds = (Date.now() - started) / 1000;
    run99 = await second;
    console.log(`      graded ${Object.keys(EXPECTED).length} submissions in ${run.seconds.toFixed(1)} s (and 2 of chapter 99 alongside)`);
    results99 = Object.fromEntries(tools.grading.readResults(path.join(out, "ch99", "results.jsonl")).map((r) => [r.student, r]));
    results = Object.fromEntries(tools.grading.readResults(path.join(out, "results.jsonl")).map((r) => [r.student, r]));
    gradebook = tools.grading.parseGradebook(fs.readFileSync(path.join(out, "gradebook.csv"), "utf8"));
  });
  after(() => {
    server?.close();
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it("finishes, and the gradebook is complete: every student, every test, a total each", () => {
    assert.equal(run.code, 0, run.out);
    assert.deepEqual(Object.keys(results).sort(), Object.keys(EXPECTED).sort());
    for (const student of Object.keys(EXPECTED)) {
      const rows = gradebook.filter((r) => r[0] === inGradebook(student) && (r[1] === "0.1" || r[1] === "total"));
      assert.deepEqual(rows.map((r) => r[2]), [...NAMES, ""], student);
    }
  });

  for (const [student, want] of Object.entries(EXPECTED)) {
    it(`${student}: ${want.status}${want.tampered ? ", tampered" : ""}, ${Object.values(want.tests).filter((s) => s === "passed").length} of ${NAMES.length} tests passed`, () => {
      const rows = gradebook.filter((r) => r[0] === inGradebook(student) && (r[1] === "0.1" || r[1] === "total"));
      for (const name of NAMES) {
        const row = rows.find((r) => r[2] === name);
        const status = want.tests[name];
        assert.equal(row[5], status, `${student} / ${name}`);
        assert.equal(row[3], status === "passed" ? MAX[name] : 0, `${student} / ${name} points`);
        assert.equal(row[4], MAX[name]);
      }
      const total = rows.find((r) => r[1] === "total");
      const points = NAMES.filter((n) => want.tests[n] === "passed").reduce((s, n) => s + MAX[n], 0);
      assert.equal(total[3], points);
      assert.equal(total[5], want.status + (want.tampered ? "; tampered" : ""));
      const r = results[student];
      assert.equal(r.tampered, !!want.tampered);
      if (want.cellError) assert.match(r.cellErrors.map((e) => `${e.ename}: ${e.evalue}`).join("\n"), want.cellError);
      else if (want.status === "ok") assert.deepEqual(r.cellErrors, []);
      if (want.flag) assert.match(r.flags.join("\n"), want.flag);
      for (const row of r.rows.filter((x) => x.hidden)) assert.equal(row.message, undefined, "hidden tests keep no message");
    });
  }

  it("tampering is flagged with the cell that was edited", () => {
    assert.match(results.tampered.flags.join("\n"), /locked cell \d+ was edited; the original ran/);
  });

  it("the sandbox held: no file written outside, no connection made, the grader was not signalled", function () {
    for (const f of pwned) assert.equal(fs.existsSync(f), false, `${f} was written`);
    assert.equal(connections, 0, "a submission reached a port on 127.0.0.1");
    // Without root there is no own uid (the grader says so loudly).
    if (!isRoot) this.skip();
    const log = fs.readFileSync(path.join(out, "logs", "signal-attack.log"), "utf8");
    assert.match(log, /SIGUSR1 refused: kill EPERM/);
    assert.match(log, /SIGKILL refused: kill EPERM/);
    assert.match(fs.readFileSync(path.join(out, "logs/fs-escape.log"), "utf8"), /read denied/);
  });

  it("break 1: a read through node_modules' workspace link finds no course behind it (the namespace held where the permission model let the path through)", () => {
    const log = fs.readFileSync(path.join(out, "logs/hidden-read.log"), "utf8");
    for (const what of ["hidden.ts", "lesson.md", "classmates", "tmp by .."]) assert.match(log, new RegExp(`denied ${what.replace(/[.]/g, "\\.")} ENOENT`), what);
    assert.doesNotMatch(log, /READ (hidden|lesson|parent|pid 1|classmates|tmp)/);
  });

  it("break 2 and 5: a child writing bytes or forged reports ends as a protocol violation; everyone else is graded, and resume passes it (below)", () => {
    for (const s of ["ipc-bytes", "forged-cells", "forged-bytes"]) assert.match(results[s].flags.join("\n"), /broke the grading protocol/, s);
    assert.match(fs.readFileSync(path.join(out, "feedback/ipc-bytes.html"), "utf8"), /wrote to the grader&#39;s channel|wrote to the grader's channel/);
  });

  it("break 3: hidden inputs never reach a student; the instructor's log marks where they could appear", () => {
    assert.equal(run99.code, 0, run99.out);
    const leaky = results99.leaky;
    // 99.1 right (3), 99.2 throws (0 of 2), 99.3 right (2), 99.4 right (2).
    assert.equal(leaky.points, 7, JSON.stringify(leaky.rows));
    const html = fs.readFileSync(path.join(out, "ch99", "feedback", "leaky.html"), "utf8");
    // Its visible message carries what 99.1 saw before it: only the visible arguments...
    assert.match(html, /SEEN \[\[1,2,3,4\],2\]/);
    // ...never the hidden ones (tensor [1, -2, 3] times -1).
    assert.doesNotMatch(html, /1,-2,3/);
    const log = fs.readFileSync(path.join(out, "ch99", "logs", "leaky.log"), "utf8");
    const mark = log.indexOf("hidden tests started here");
    assert.ok(mark > 0, "the log marks the start of the hidden tests");
    assert.ok(log.indexOf("ARGS scale [[1,-2,3],-1]") > mark, "hidden arguments printed after the mark");
    assert.ok(log.indexOf("ARGS scale [[1,2,3,4],2]") < mark, "visible arguments printed before it");
  });

  it("issue 15: a function that changes its input fails the hidden inputs-unchanged test (argsAfter)", () => {
    const rows = results99.mutates.rows.filter((r) => r.exercise === "99.4");
    assert.deepEqual(rows.map((r) => [r.test, r.status]), [["divides by the sum", "passed"], ["does not change its inputs", "failed"]]);
    assert.equal(results99.mutates.points, 8);
  });

  it("break 4: a second grading run alongside, while aaa-kill-all signalled everything it could, graded correctly", () => {
    assert.equal(run99.code, 0, run99.out);
    assert.deepEqual(Object.keys(results99).sort(), ["leaky", "mutates"]);
    for (const r of Object.values(results99)) assert.equal(r.status, "ok", `${r.student}: ${r.status}`);
  });

  it("break 6: a 5 MB error name stays small everywhere; formula ids are neutralised; another chapter is refused at once", () => {
    const line = fs.readFileSync(path.join(out, "results.jsonl"), "utf8").split("\n").find((l) => l.includes('"student":"huge-error-name"'));
    assert.ok(line.length < 20_000, `results line is ${line.length} bytes`);
    assert.ok(fs.statSync(path.join(out, "feedback/huge-error-name.html")).size < 20_000);
    assert.match(fs.readFileSync(path.join(out, "gradebook.csv"), "utf8"), /^'=2\+5,total,,7,19,ok$/m);
    assert.ok(fs.existsSync(path.join(out, "feedback/_2_5.html")));
    assert.ok(results["other-chapter"].seconds < 1, `${results["other-chapter"].seconds} s`);
  });

  it("huge output is capped in the instructor's log", () => {
    const size = fs.statSync(path.join(out, "logs/huge-output.log")).size;
    assert.ok(size < 100_000, `log is ${size} bytes`);
    assert.match(fs.readFileSync(path.join(out, "logs/huge-output.log"), "utf8"), /more bytes of output dropped/);
  });

  it("feedback pages: one per student, totals, no hidden-test details, nothing the notebook printed", () => {
    const fileNames = Object.fromEntries(tools.grading.withFileNames(Object.keys(EXPECTED).map((student) => ({ student, file: "" }))).map((s) => [s.student, s.fileName]));
    assert.notEqual(fileNames["xd collide"], fileNames.xd_collide, "colliding ids get pages of their own");
    for (const student of Object.keys(EXPECTED)) {
      const html = fs.readFileSync(path.join(out, "feedback", `${fileNames[student]}.html`), "utf8");
      assert.match(html, new RegExp(`Student: <b>${student.replace(/[+]/g, "\\+")}</b>`), student);
      const r = results[student];
      assert.match(html, new RegExp(`Total: ${r.points} / ${r.max} points`));
      assert.match(html, /Hidden tests: \d of 3 passed/);
      assert.doesNotMatch(html, /FAKE-PASS-MARKER|xxxxxxxxxx|refused|read denied|leaving now/, student);
      // The hidden tests' arguments and expected values.
      assert.doesNotMatch(html, /\[\[0, 0\], \[3, -4\]\]|expected 12\.5|expected 4,|\[2\.5\]/, student);
    }
    assert.match(fs.readFileSync(path.join(out, "feedback/partial.html"), "utf8"), /Compare yTrue\.length with yPred\.length/);
  });

  it("a re-run resumes: every student is already graded, nothing runs again", async () => {
    const again = await trainlab(["grade", submissions, "--chapter", "0", "--jobs", "2", "--out", out]);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, new RegExp(`graded 0 submission\\(s\\).*${Object.keys(EXPECTED).length} already graded`, "s"));
  });

  it("shards partition the class, and merge puts their gradebooks back together", async () => {
    const books = [1, 2, 3].map((i) => {
      const rows = gradebook.filter((r) => tools.grading.shardOf(r[0], 3) === i);
      const file = path.join(out, `shard-${i}.csv`);
      fs.writeFileSync(file, tools.grading.gradebookCsv(rows));
      return file;
    });
    const merged = path.join(out, "merged.csv");
    const m = await trainlab(["merge", ...books, "--out", merged]);
    assert.equal(m.code, 0, m.out);
    assert.deepEqual(tools.grading.parseGradebook(fs.readFileSync(merged, "utf8")), gradebook);
  });
});
