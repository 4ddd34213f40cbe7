import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { findChapter } from "../../grading/batch";
import { writeAtomic } from "../../grading/gradebook";
import { asUser } from "./as-user";
import { classPaths, readClass } from "./config";
import { requireUser } from "./users";
import { classArgs } from "./args";

const USAGE = `Usage: trainlab collect CHAPTER [--class DIR]
  Copies HOME/FOLDER/NN-slug.ipynb of every student in DIR/class.json (default .) to
  DIR/collected/NN-slug/LOGIN/NN-slug.ipynb and records in DIR/collected/NN-slug/collection.json
  its sha256, its submission time (the file's modification time; a file changed since the last
  collection cannot claim a time before that collection) and when it was collected. A copy older
  than the one already collected is refused (the later one is kept); a copy unchanged since the
  hand-out is not a submission. Read as the student: a link
  to a file they cannot read collects nothing.`;

/** The largest notebook collected (bytes). */
const MAX_BYTES = 50 * 1024 * 1024;

/** One student's collected submission, as collection.json records it. */
export interface CollectedFile {
  /** Path of the copy, relative to the chapter's collected folder. */
  file: string;
  sha256: string;
  /** Submission time (ISO): the file's modification time, or the collection time for a back-dated change. */
  submitted: string;
  /** When this copy was taken (ISO). */
  collected: string;
  /** Where it was taken from. */
  source: string;
}

/** collected/NN-slug/collection.json. */
export interface Collection {
  trainlab: "collection";
  chapter: string;
  students: Record<string, CollectedFile>;
  /** Every collection event, in order (nothing is ever removed). */
  log: { at: string; login: string; action: CollectAction; sha256?: string; submitted?: string; why?: string }[];
}

/** What collect did for a student. */
export type CollectAction = "collected" | "unchanged" | "refused" | "missing";

/** The collection record of a chapter (an empty one when nothing was collected yet). */
export function readCollection(dir: string, slug: string): Collection {
  const file = path.join(dir, "collection.json");
  if (!fs.existsSync(file)) return { trainlab: "collection", chapter: slug, students: {}, log: [] };
  const c = JSON.parse(fs.readFileSync(file, "utf8")) as Collection;
  if (c?.trainlab !== "collection" || c.chapter !== slug) throw new TrainlabError(`${file} is not the collection record of ${slug}.`);
  return c;
}

/**
 * Checks that every collected file is byte for byte what collection.json recorded (so a regrade
 * grades exactly what was collected); throws a TrainlabError naming the first that is not.
 */
export function verifyCollection(dir: string, collection: Collection): void {
  for (const [login, entry] of Object.entries(collection.students)) {
    const file = path.join(dir, entry.file);
    if (!fs.existsSync(file)) throw new TrainlabError(`${login}'s collected notebook ${file} is missing; collect again (trainlab collect) before grading.`);
    const sha = sha256(fs.readFileSync(file));
    if (sha !== entry.sha256) throw new TrainlabError(`${file} changed since it was collected (sha256 ${sha.slice(0, 12)}…, recorded ${entry.sha256.slice(0, 12)}…); restore it or collect again.`);
  }
}

/** Collects one chapter from every student's home; returns what happened per student. */
export function collect(classDir: string, chapter: string, options: { now?: number } = {}): { login: string; action: CollectAction; why?: string; entry?: CollectedFile }[] {
  const config = readClass(classDir);
  const slug = findChapter(chapter).slug;
  const dir = classPaths(classDir, slug).collected;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const collection = readCollection(dir, slug);
  const now = options.now ?? Date.now();
  const at = new Date(now).toISOString();
  const report = config.students.map(({ login }) => {
    const user = requireUser(login);
    const source = path.join(user.home, config.folder ?? "trainlab", `${slug}.ipynb`);
    const taken = asUser(user, () => readSubmission(source));
    const prev = collection.students[login];
    let result: { login: string; action: CollectAction; why?: string; entry?: CollectedFile };
    if ("missing" in taken) result = { login, action: "missing", why: taken.missing };
    else if (taken.uid !== user.uid) result = { login, action: "refused", why: `${source} is not owned by ${login}` };
    else {
      const sha = sha256(taken.bytes);
      let submitted = taken.mtime;
      const handedOut = handedOutSha(classPaths(classDir).release, slug);
      if (sha === handedOut) result = { login, action: "missing", why: `${source} is unchanged since it was handed out` };
      else if (prev && sha === prev.sha256) result = { login, action: "unchanged", entry: prev };
      else if (prev && submitted < Date.parse(prev.submitted)) result = { login, action: "refused", why: `the copy in the home (${new Date(submitted).toISOString()}) is older than the one collected (${prev.submitted}); kept the later one` };
      else {
        // The student owns the file's time: a file changed since the last collection cannot date itself before it.
        if (prev && submitted <= Date.parse(prev.collected)) submitted = now;
        const rel = path.join(login, `${slug}.ipynb`);
        fs.mkdirSync(path.join(dir, login), { recursive: true, mode: 0o700 });
        const tmp = path.join(dir, login, `.${slug}.ipynb.${process.pid}.tmp`);
        fs.writeFileSync(tmp, taken.bytes, { mode: 0o600 });
        fs.renameSync(tmp, path.join(dir, rel));
        const entry: CollectedFile = { file: rel, sha256: sha, submitted: new Date(submitted).toISOString(), collected: at, source };
        collection.students[login] = entry;
        result = { login, action: "collected", entry };
      }
    }
    collection.log.push({ at, login, action: result.action, sha256: result.entry?.sha256, submitted: result.entry?.submitted, why: result.why });
    return result;
  });
  writeAtomic(path.join(dir, "collection.json"), JSON.stringify(collection, null, 1) + "\n");
  return report;
}

/** Reads a submission (as its owner: see asUser): a regular file, not a link, at most MAX_BYTES. */
function readSubmission(file: string): { bytes: Buffer; mtime: number; uid: number } | { missing: string } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { missing: code === "ENOENT" ? `no ${file}` : code === "ELOOP" ? `${file} is a link, not the notebook` : `${file} could not be read (${code})` };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { missing: `${file} is not a regular file` };
    if (st.size > MAX_BYTES) return { missing: `${file} is larger than ${MAX_BYTES} bytes` };
    const bytes = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, bytes, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { bytes: bytes.subarray(0, off), mtime: st.mtimeMs, uid: st.uid };
  } finally {
    fs.closeSync(fd);
  }
}

/** The sha256 of the notebook as handed out (CLASS/release/), if it is there. */
function handedOutSha(releaseDir: string, slug: string): string | undefined {
  const file = path.join(releaseDir, `${slug}.ipynb`);
  return fs.existsSync(file) ? sha256(fs.readFileSync(file)) : undefined;
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** `trainlab collect CHAPTER [--class DIR]`. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) return console.log(USAGE), 0;
  const { classDir, rest } = classArgs(argv, USAGE);
  if (rest.length !== 1) throw new TrainlabError(USAGE);
  for (const r of collect(classDir, rest[0])) {
    console.log(`${r.login}: ${r.action}${r.entry && r.action === "collected" ? ` (submitted ${r.entry.submitted}, sha256 ${r.entry.sha256.slice(0, 12)}…)` : ""}${r.why ? ` — ${r.why}` : ""}`);
  }
  return 0;
}
