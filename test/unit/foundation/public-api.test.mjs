// The public API of @trainlab/kernel-ext is what notebooks may use: growing or shrinking it is a
// deliberate change made here, in public-api.json, next to the code that changes it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { publicApi } from "../../helpers/public-api.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const snapshotFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "public-api.json");

/** "added lab.data.foo; removed lab.train.bar" between two API listings. */
function changes(before, after) {
  const names = (api) => new Set(Object.entries(api).flatMap(([ns, list]) => list.map((n) => (ns ? `lab.${ns}.${n}` : `lab.${n}`))));
  const [b, a] = [names(before), names(after)];
  const added = [...a].filter((n) => !b.has(n));
  const removed = [...b].filter((n) => !a.has(n));
  return [added.length ? `added ${added.join(", ")}` : "", removed.length ? `removed ${removed.join(", ")}` : ""].filter(Boolean).join("; ");
}

describe("public API of @trainlab/kernel-ext", () => {
  const api = publicApi(path.join(root, "kernel-ext", "dist", "index.d.ts"));

  it("exports exactly the names listed in public-api.json (values, types and every namespace's names)", () => {
    if (process.env.UPDATE_PUBLIC_API === "1") fs.writeFileSync(snapshotFile, JSON.stringify(api, null, 1) + "\n");
    const snapshot = JSON.parse(fs.readFileSync(snapshotFile, "utf8"));
    const diff = changes(snapshot, api);
    assert.equal(diff, "", `The public API changed (${diff}). If that is deliberate, update test/unit/foundation/public-api.json (UPDATE_PUBLIC_API=1 npx mocha ${path.relative(root, fileURLToPath(import.meta.url))}).`);
  });

  it("holds no internals: checksums, the batch grader, the lesson build, the CLI", () => {
    const all = Object.entries(api).flatMap(([ns, list]) => list.map((n) => (ns ? `${ns}.${n}` : n)));
    for (const internal of ["tune.crc32", "transfer.sha256", "grading.gradeAll", "grading.runTests", "grading.loadExercises", "grading.encode", "lessons", "main"]) {
      assert.ok(!all.includes(internal), `${internal} is in the public API`);
    }
    assert.ok(!("lessons" in api), "lab.lessons (the lesson build) belongs to @trainlab/instructor");
  });

  it("one options-type suffix: …Options (no …Args, …Opts, …Config, …Settings)", () => {
    const odd = Object.entries(api).flatMap(([ns, list]) => list.filter((n) => /[a-z](Args|Opts|Config|Settings)$/.test(n)).map((n) => (ns ? `${ns}.${n}` : n)));
    assert.deepEqual(odd, []);
  });

  it("keeps what every chapter uses", () => {
    for (const [ns, name] of [["", "check"], ["", "show"], ["", "hint"], ["", "solution"], ["train", "fit"], ["datasets", "load"], ["display", "show"]]) {
      assert.ok(api[ns]?.includes(name), `lab.${ns ? ns + "." : ""}${name} is missing`);
    }
  });
});
