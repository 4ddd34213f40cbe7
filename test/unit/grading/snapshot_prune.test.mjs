// The kept grading snapshots (grading/snapshot.ts pruneSnapshots): the newest few stay, so
// checkouts or courses grading in turn on one machine do not rebuild each other's; the rest go,
// with the run links of processes that ended.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const { pruneSnapshots, KEPT_SNAPSHOTS } = createRequire(import.meta.url)("../../../instructor/dist/grading/snapshot.js");

describe("grading snapshot: which kept snapshots stay", () => {
  it(`keeps the one just made and the ${KEPT_SNAPSHOTS - 1} newest others, and the links of live runs`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-prune-"));
    try {
      const key = (n) => String(n).repeat(16);
      const touch = (name, minutesAgo) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, "x");
        const t = new Date(Date.now() - minutesAgo * 60_000);
        fs.utimesSync(file, t, t);
      };
      // key 1 was just made; 2–5 are older, 2 the newest of them; 5 the oldest.
      for (const [k, age] of [[1, 0], [2, 5], [3, 10], [4, 20], [5, 30]]) {
        touch(`${key(k)}.blob`, age);
        touch(`${key(k)}.json`, age);
      }
      touch("run-111-abc", 1); // a live run's link
      touch("run-222-def", 1); // a run that ended
      touch("notes.txt", 1); // not the grader's: left alone
      pruneSnapshots(dir, key(1), (pid) => pid === 111);
      const kept = fs.readdirSync(dir).sort();
      const expected = [1, 2, 3].slice(0, KEPT_SNAPSHOTS).flatMap((k) => [`${key(k)}.blob`, `${key(k)}.json`]);
      assert.deepEqual(kept, [...expected, "notes.txt", "run-111-abc"].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the one just made even when others are newer", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-prune-"));
    try {
      const names = ["a", "b", "c", "d", "e"].map((c) => c.repeat(16));
      names.forEach((k, i) => {
        fs.writeFileSync(path.join(dir, `${k}.blob`), "x");
        const t = new Date(Date.now() - (i === 0 ? 60 : i) * 60_000); // the first is the oldest
        fs.utimesSync(path.join(dir, `${k}.blob`), t, t);
      });
      pruneSnapshots(dir, names[0], () => true);
      const kept = fs.readdirSync(dir).map((n) => n.slice(0, 16)).sort();
      assert.equal(kept.length, KEPT_SNAPSHOTS);
      assert.ok(kept.includes(names[0]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
