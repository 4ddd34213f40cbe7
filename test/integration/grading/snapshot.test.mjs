// The grading snapshot (instructor/src/grading/snapshot.ts): every child of a run starts from one
// V8 startup snapshot that already holds TypeScript and the libraries' parsed declarations.
// What must hold: a submission grades exactly as it does when its child loads TypeScript itself;
// the notebook cannot change the snapshot (it is read-only to it, and the next student's child
// starts from the same bytes); a kept snapshot is reused only while nothing it was made from changed.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(import.meta.url);
const tools = require("../../../instructor/dist/index.js");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const corpus = path.join(root, "test/fixtures/submissions/ch00");
const layers = tools.grading.sandboxLayers();
const sha256 = (file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** The corpus' "correct" notebook with one more cell: the hostile code. */
function withCell(source) {
  const nb = JSON.parse(fs.readFileSync(path.join(corpus, "correct/00-getting-started.ipynb"), "utf8"));
  nb.cells.push({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source });
  return JSON.stringify(nb);
}

// Tries every way a cell has to change the file its process started from.
const ATTACK = `import * as fs from "fs";
const attempts: string[] = [];
const tryIt = (what: string, f: () => unknown) => { try { f(); attempts.push(what + ": DONE"); } catch (e) { attempts.push(what + ": refused " + ((e as any).code ?? (e as Error).message)); } };
tryIt("list /snapshot", () => fs.readdirSync("/snapshot"));
tryIt("read /snapshot/grading.blob", () => fs.readFileSync("/snapshot/grading.blob").length);
for (const file of ["/snapshot/grading.blob", "/snapshot"]) {
  tryIt("write " + file, () => fs.writeFileSync(file, "x"));
  tryIt("append " + file, () => fs.appendFileSync(file, "x"));
  tryIt("chmod " + file, () => fs.chmodSync(file, 0o666));
  tryIt("unlink " + file, () => fs.unlinkSync(file));
}
tryIt("write /snapshot/new", () => fs.writeFileSync("/snapshot/new", "x"));
console.log("SNAPSHOT-ATTEMPTS " + attempts.join(" | "));
console.log("EXECARGV " + process.execArgv.join(" "));`;

describe("grading snapshot", function () {
  this.timeout(600_000);
  let dir;
  before(function () {
    if (!layers.mode) {
      console.log(`      (skipped: no isolation on this machine — ${layers.missing.join("; ")}; snapshots are used in namespace modes only)`);
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-snapshot-test-"));
    fs.chmodSync(dir, 0o711);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it("grades exactly as a child that loads TypeScript itself (points, statuses, cell errors)", async () => {
    const subs = path.join(dir, "subs");
    for (const s of ["correct", "partial", "syntax-error", "throws-top-level"]) fs.cpSync(path.join(corpus, s), path.join(subs, s), { recursive: true });
    const grade = async (snapshot) => {
      const lines = [];
      const run = await tools.grading.gradeAll(subs, { chapter: "0", jobs: 2, timeout: 30, out: path.join(dir, `out-${snapshot}`), snapshot, log: (l) => lines.push(l) });
      const rows = run.results
        .map((r) => ({ student: r.student, status: r.status, points: r.points, cellErrors: r.cellErrors.map((e) => [e.cell, e.ename, e.evalue]), rows: r.rows.map((x) => [x.test, x.status]) }))
        .sort((a, b) => a.student.localeCompare(b.student));
      return { rows, lines, run };
    };
    const plain = await grade(false);
    const fast = await grade(true);
    assert.equal(plain.run.snapshotSeconds, null);
    assert.notEqual(fast.run.snapshotSeconds, null, fast.lines.join("\n"));
    assert.ok(fast.lines.some((l) => /^grading snapshot/.test(l)), fast.lines.join("\n"));
    assert.deepEqual(fast.rows, plain.rows);
    // Not vacuous: the four differ from one another.
    assert.deepEqual(new Set(fast.rows.map((r) => `${r.status}/${r.points}`)).size > 2, true, JSON.stringify(fast.rows));
  });

  it("the notebook cannot change the snapshot: every write is refused and the next child starts from the same bytes", async () => {
    const workRoot = path.join(dir, "work");
    fs.mkdirSync(workRoot, { mode: 0o711 });
    const lease = layers.mode === "root" ? await tools.grading.leaseUid() : null;
    const first = await tools.grading.gradingSnapshot({ mode: layers.mode, uid: lease?.uid ?? -1, workRoot });
    lease?.release();
    first.dispose();
    assert.equal(first.reused, false);
    const [blob] = fs.readdirSync(path.join(workRoot, "snapshots")).filter((n) => /^[0-9a-f]{16}\.blob$/.test(n)).map((n) => path.join(workRoot, "snapshots", n));
    const before = sha256(blob);
    const subs = path.join(dir, "attack-subs");
    fs.mkdirSync(path.join(subs, "attacker"), { recursive: true });
    fs.writeFileSync(path.join(subs, "attacker", "00-getting-started.ipynb"), withCell(ATTACK));
    fs.cpSync(path.join(corpus, "correct"), path.join(subs, "zz-next"), { recursive: true });
    const out = path.join(dir, "attack-out");
    const lines = [];
    // jobs 1: the next student's child starts after the attacker's has ended.
    const run = await tools.grading.gradeAll(subs, { chapter: "0", jobs: 1, timeout: 30, out, workRoot, log: (l) => lines.push(l) });
    assert.ok(lines.some((l) => /reusing the one an earlier run built/.test(l)), lines.join("\n"));
    const log = fs.readFileSync(path.join(out, "logs", "attacker.log"), "utf8");
    const attempts = /SNAPSHOT-ATTEMPTS (.*)/.exec(log)?.[1];
    assert.ok(attempts, `the attack cell ran and reported:\n${log.slice(-2000)}`);
    assert.match(attempts, /write \/snapshot\/grading\.blob: refused/);
    assert.doesNotMatch(attempts, /DONE/, attempts);
    // The attacker's process did start from the snapshot, under the permission model.
    assert.match(log, /EXECARGV .*--experimental-permission.*--snapshot-blob \/snapshot\/grading\.blob/);
    const attacker = run.results.find((r) => r.student === "attacker");
    const next = run.results.find((r) => r.student === "zz-next");
    assert.equal(attacker.status, "ok");
    assert.equal(next.status, "ok");
    assert.equal(next.points, attacker.points);
    assert.equal(sha256(blob), before, "the kept snapshot changed");
    // Nothing but the kept snapshot and its manifest is left (each run's own link is gone).
    assert.deepEqual(fs.readdirSync(path.join(workRoot, "snapshots")).filter((n) => n.startsWith("run-")), []);
  });

  it("a kept snapshot is reused while nothing it was made from changed, and rebuilt when a declaration file did", async () => {
    const workRoot = path.join(dir, "work");
    const lease = layers.mode === "root" ? await tools.grading.leaseUid() : null;
    const declaration = path.join(root, "kernel-ext/dist/index.d.ts");
    const { atime, mtime } = fs.statSync(declaration);
    try {
      const again = await tools.grading.gradingSnapshot({ mode: layers.mode, uid: lease?.uid ?? -1, workRoot });
      again.dispose();
      assert.equal(again.reused, true);
      fs.utimesSync(declaration, atime, new Date(mtime.getTime() + 2000));
      const rebuilt = await tools.grading.gradingSnapshot({ mode: layers.mode, uid: lease?.uid ?? -1, workRoot });
      rebuilt.dispose();
      assert.equal(rebuilt.reused, false);
      assert.ok(rebuilt.seconds > 0);
    } finally {
      fs.utimesSync(declaration, atime, mtime);
      lease?.release();
    }
  });
});
