// Ctrl-C during grading keeps finished work, leaves no child running, and a re-run resumes.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const corpus = path.join(root, "test/fixtures/submissions/ch00");

function grade(args, onOutput) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "bin/trainlab.js"), "grade", ...args], { cwd: root });
    let out = "";
    const take = (d) => {
      out += d;
      onOutput?.(out, child);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/**
 * Processes of this repository's grading children: the namespace set-up (unshare and its shell,
 * whose command line binds this repository's kernel-ext/dist) or, without namespaces, the runner.
 */
function gradingChildren() {
  const dist = path.join(root, "kernel-ext/dist");
  return fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").some((arg) => arg === dist || arg === path.join(dist, "grading/child.js"));
    } catch {
      return false;
    }
  });
}

describe("trainlab grade, interrupted", function () {
  this.timeout(300_000);
  let dir;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-grade-int-"));
    fs.mkdirSync(path.join(dir, "subs"));
    for (const s of ["correct", "infinite-loop", "partial"]) fs.cpSync(path.join(corpus, s), path.join(dir, "subs", s), { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("Ctrl-C keeps the finished students, kills the running child, and the next run grades only the rest", async () => {
    const out = path.join(dir, "out");
    let sent = false;
    let sawChild = false;
    const first = await grade([path.join(dir, "subs"), "--chapter", "0", "--out", out, "--timeout", "10"], (text, child) => {
      if (!sent && /correct: \d+\/\d+ points/.test(text)) {
        sent = true;
        setTimeout(() => (sawChild = gradingChildren().length > 0), 1000);
        setTimeout(() => child.kill("SIGINT"), 1500); // in the middle of the next student's run
      }
    });
    assert.equal(first.code, 130, first.out);
    assert.ok(sawChild, "the check below can see a running grading child");
    assert.match(first.out, /interrupted/);
    const csv = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8");
    assert.match(csv, /^correct,total,,7,\d+,ok$/m); // 7 points: exercise 0.1 (the corpus leaves 0.2 and 0.3 as stubs)
    assert.doesNotMatch(csv, /^infinite-loop,/m, "the interrupted student is not recorded");
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(gradingChildren(), [], "a grading child outlived Ctrl-C");

    const second = await grade([path.join(dir, "subs"), "--chapter", "0", "--out", out, "--timeout", "10", "--jobs", "2"]);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /graded 2 submission\(s\).*1 already graded/s);
    const rows = fs.readFileSync(path.join(out, "gradebook.csv"), "utf8").trim().split("\n");
    assert.equal(rows.filter((r) => r.includes(",total,")).length, 3);
  });
});
