// The grader's defences that need no grading child: the reply parser (any bytes a child sends),
// CSV formula neutralising, unique safe file names, refusing another chapter's notebook,
// argsAfter mirrored into the test's arguments, and uid leases shared by concurrent runs.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
// The exercise runner's internals (not in lab.grading, the learner's public API).
const grading = require("../../../kernel-ext/dist/grading/index.js");
const tools = require("../../../instructor/dist/index.js");
const protocol = require("../../../instructor/dist/grading/protocol.js");
const batch = require("../../../instructor/dist/grading/batch.js");
const grader = require("../../../instructor/dist/grading/grader.js");
const sandbox = require("../../../instructor/dist/grading/sandbox.js");
const submission = require("../../../instructor/dist/grading/submission.js");
const { encode, decode, gradebookCsv, parseGradebook } = tools.grading;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");

/** Feeds `chunks` to a ReplyReader; returns the messages and the violation (if any). */
function read(chunks, maxBytes) {
  const messages = [];
  let violation = null;
  const reader = new protocol.ReplyReader((m) => messages.push(m), (why) => (violation = why), maxBytes);
  for (const c of chunks) reader.push(Buffer.from(c));
  reader.end();
  return { messages, violation };
}

describe("grading protocol: the grader survives any bytes a child sends", () => {
  it("reads well-formed replies split anywhere across chunks, values encoded losslessly", () => {
    const value = encode(new Map([["nan", NaN], ["negZero", -0], ["inf", -Infinity], ["big", 10n]]));
    const line = JSON.stringify({ type: "result", id: 3, ok: true, value, argsAfter: encode([[1, 2]]) }) + "\n";
    const { messages, violation } = read([JSON.stringify({ type: "started" }) + "\n" + line.slice(0, 17), line.slice(17)]);
    assert.equal(violation, null);
    assert.deepEqual(messages.map((m) => m.type), ["started", "result"]);
    const back = decode(messages[1].value);
    assert.ok(Number.isNaN(back.get("nan")) && Object.is(back.get("negZero"), -0) && back.get("inf") === -Infinity && back.get("big") === 10n);
    assert.deepEqual(decode(messages[1].argsAfter), [[1, 2]]);
  });

  for (const [what, bytes] of [
    ["raw bytes", "\u0000\u0001\u00ff garbage\n"],
    ["Node's internal IPC message", JSON.stringify({ cmd: "NODE_HANDLE_ACK" }) + "\n"],
    ["a message of an unknown type", JSON.stringify({ type: "ready" }) + "\n"],
    ["a cell report with extra keys", JSON.stringify({ type: "cell", index: 0, ok: true, ms: 1, __proto__x: 1 }) + "\n"],
    ["a result without a value", JSON.stringify({ type: "result", id: 1, ok: true }) + "\n"],
    ["a result with an unknown fault", JSON.stringify({ type: "result", id: 1, ok: true, value: 1, fault: "pwn" }) + "\n"],
    ["a JSON array", "[1,2]\n"],
    ["an unfinished last line", '{"type":"started"'],
  ]) {
    it(`${what} is a violation, reported once, never a throw`, () => {
      const { messages, violation } = read([bytes, JSON.stringify({ type: "started" }) + "\n"]);
      assert.equal(typeof violation, "string");
      // Nothing after the first violation is read.
      assert.deepEqual(messages.filter((m) => m.type === "started").length, 0);
    });
  }

  it("a line longer than the cap is a violation without being buffered whole", () => {
    const { violation } = read(["x".repeat(600), "y".repeat(600)], 1000);
    assert.match(violation, /longer than 1000 bytes/);
  });

  it("cuts error names and messages wherever they cross: a 5 MB name arrives as 200 characters", () => {
    const e = new Error("m".repeat(10_000));
    e.name = "N".repeat(5_000_000);
    const back = decode(JSON.parse(JSON.stringify(encode(e))));
    assert.equal(back.name.length, protocol.MAX_ERROR_NAME);
    assert.equal(back.message.length, protocol.MAX_ERROR_MESSAGE);
    const forged = decode({ $: "error", name: "N".repeat(5_000_000), message: "x" });
    assert.equal(forged.name.length, protocol.MAX_ERROR_NAME);
    const cell = protocol.readReply({ type: "cell", index: 0, ok: false, ms: 1, error: { ename: "N".repeat(1e6), evalue: "v".repeat(1e6) } });
    assert.equal(cell.error.ename.length, protocol.MAX_ERROR_NAME);
    assert.equal(cell.error.evalue.length, protocol.MAX_ERROR_MESSAGE);
  });
});

describe("grading: files written for people", () => {
  it("gradebook cells a spreadsheet would run as formulas get a leading apostrophe; numbers stay numbers", () => {
    const csv = gradebookCsv([
      ["=2+5", "0.1", "+cmd|' /C calc'!A0", 1, 1, "passed"],
      ["@SUM(A1)", "0.1", "-x", 0, 1, "failed"],
      ["\tTAB", "total", "", 1, 2, "ok"],
      ["amy", "0.1", "a = b", 1, 1, "passed"],
    ]);
    const rows = parseGradebook(csv);
    assert.deepEqual(rows.map((r) => [r[0], r[2]]), [["'=2+5", "'+cmd|' /C calc'!A0"], ["'@SUM(A1)", "'-x"], ["'\tTAB", ""], ["amy", "a = b"]]);
    assert.equal(rows[0][3], 1);
    // Stable: writing what was read changes nothing (merge of shards).
    assert.equal(gradebookCsv(rows), csv);
  });

  it("student ids map to safe file names; ids that collide (case too) are refused, each naming the other", () => {
    assert.equal(batch.safeName("=2+5"), "_2_5");
    assert.equal(batch.safeName("../../etc/passwd"), "_.._.._etc_passwd");
    assert.equal(batch.safeName(".hidden"), "_.hidden");
    assert.equal(batch.safeName("x".repeat(500)).length, 100);
    const named = batch.withFileNames([
      { student: "amy", file: "a" },
      { student: "xd collide", file: "b" },
      { student: "xd_collide", file: "c" },
      { student: "XD_Collide", file: "d" },
    ]);
    assert.equal(named[0].problem, undefined);
    assert.match(named[1].problem, /"xd collide" and "xd_collide", "XD_Collide" map to the same file name/);
    assert.match(named[2].problem, /"xd_collide" and "xd collide", "XD_Collide"/);
    assert.ok(named[3].problem);
    // Their refusal pages do not overwrite each other either.
    assert.equal(new Set(named.map((s) => s.fileName)).size, 4);
    assert.match(named[1].fileName, /^xd_collide-[0-9a-f]{8}$/);
  });

  it("another chapter's notebook is recognised: by its metadata, its exercises, or no cell in common", () => {
    const list = tools.lessons.listChapters(path.join(root, "lessons"));
    const text = (prefix) => tools.lessons.buildChapter(list.find((c) => c.slug.startsWith(prefix)), "student");
    const ch0 = tools.grading.readCells(text("00-"), "ch0");
    const ch6text = text("06-");
    const ch6 = tools.grading.readCells(ch6text, "ch6");
    const slug = list.find((c) => c.slug.startsWith("00-")).slug;
    assert.equal(submission.otherChapter(ch0, ch0, slug, submission.notebookChapter(text("00-"))), null);
    assert.match(submission.otherChapter(ch0, ch6, slug, submission.notebookChapter(ch6text)), /chapter 06-fairness, not 00-getting-started/);
    assert.match(submission.otherChapter(ch0, ch6, slug), /exercise cells \(6\.1, 6\.2, 6\.3\) belong to another chapter/);
    const bare = [{ cell_type: "code", source: "console.log(1)" }];
    assert.match(submission.otherChapter(ch0, bare, slug), /none of its cells is a cell of 00-getting-started/);
  });
});

describe("grading: argsAfter reaches expect", () => {
  it("mirror makes the test's arguments hold what the learner's function left in them", () => {
    const args = [[1, 2], { a: 1 }, new Map([["k", 1]]), new Set([1]), new Float32Array([1, 2]), 5];
    const after = [[2, 1, 0], { b: 2 }, new Map([["k", 2]]), new Set([2]), new Float32Array([3, 4]), 5];
    args.forEach((a, i) => grader.mirror(a, after[i]));
    assert.deepEqual(args, after);
  });

  it("runTests passes the arguments array, as the function left it, to expect", async () => {
    const exercise = { id: "0.1", tests: [{ name: "does not change its inputs", args: [[3, 1, 2]], expect: (_r, after) => assert.deepEqual(after, [[3, 1, 2]]) }] };
    const [sorts] = grading.runTests(exercise, (xs) => xs.sort());
    const [copies] = grading.runTests(exercise, (xs) => [...xs].sort());
    assert.equal(sorts.passed, false);
    assert.equal(copies.passed, true);
  });
});

describe("grading: uids are unique across concurrent runs on one machine", function () {
  this.timeout(20_000);
  before(function () {
    if (process.getuid?.() !== 0) {
      console.log("      (skipped: uid leases are taken only as root, where children get their own uid)");
      this.skip();
    }
  });

  it("a uid leased by another process is skipped until that process releases it (or dies)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-uidlock-"));
    const base = 64000;
    // Another "grading run": a separate process holding the first free uid from `base`.
    const other = spawn(process.execPath, ["-e", `require(${JSON.stringify(path.join(root, "instructor/dist/grading/sandbox.js"))}).leaseUid({ base: ${base}, dir: ${JSON.stringify(dir)} }).then((l) => { console.log(l.uid); setInterval(() => {}, 1000); })`], { stdio: ["ignore", "pipe", "inherit"] });
    const held = Number(await new Promise((resolve) => other.stdout.once("data", (d) => resolve(String(d).trim()))));
    const mine = await sandbox.leaseUid({ base, dir });
    assert.notEqual(mine.uid, held, "two runs got the same uid");
    const second = await sandbox.leaseUid({ base, dir });
    assert.ok(second.uid !== mine.uid && second.uid !== held);
    mine.release();
    second.release();
    // The other run dies without releasing: the kernel drops its lock, the uid is free again.
    other.kill("SIGKILL");
    await new Promise((r) => other.on("exit", r));
    await new Promise((r) => setTimeout(r, 200));
    const after = await sandbox.leaseUid({ base, dir });
    assert.equal(after.uid, held);
    after.release();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a process whose only work is to lease a uid gets one while another run holds the first three (it does not exit early, silently)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-uidlock-"));
    const base = 64100;
    const sandboxJs = JSON.stringify(path.join(root, "instructor/dist/grading/sandbox.js"));
    // Another run holds the first three uids from `base`.
    const other = spawn(process.execPath, ["-e", `const s = require(${sandboxJs}); const o = { base: ${base}, dir: ${JSON.stringify(dir)} }; (async () => { const ls = [await s.leaseUid(o), await s.leaseUid(o), await s.leaseUid(o)]; console.log(ls.map((l) => l.uid).join(" ")); setInterval(() => {}, 1000); })()`], { stdio: ["ignore", "pipe", "inherit"] });
    const held = (await new Promise((resolve) => other.stdout.once("data", (d) => resolve(String(d).trim())))).split(" ").map(Number);
    // Nothing else keeps this process's event loop alive while flock answers for the held uid:
    // before the fix it exited with status 0 and printed nothing (a grading run that graded nobody).
    const probe = spawnSync(process.execPath, ["-e", `require(${sandboxJs}).leaseUid({ base: ${base}, dir: ${JSON.stringify(dir)} }).then((l) => { console.log("leased " + l.uid); l.release(); })`], { encoding: "utf8", timeout: 15_000 });
    other.kill("SIGKILL");
    await new Promise((r) => other.on("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(probe.status, 0, probe.stderr);
    assert.match(probe.stdout, /^leased \d+/);
    assert.ok(!held.includes(Number(probe.stdout.split(" ")[1])), `leased a held uid: ${probe.stdout} (held ${held})`);
  });
});
