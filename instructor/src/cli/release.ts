import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { buildChapter, listChapters } from "../lessons";
import { lessonsDir } from "@trainlab/kernel-ext/dist/grading/exercises";
import { findChapter } from "../grading/batch";
import { writeAtomic } from "../grading/gradebook";
import { manifestCells, readCells, ReleaseManifest } from "../grading/submission";

const USAGE = `Usage: trainlab release CHAPTER|--all OUTDIR
       trainlab release CHAPTER --to-homes [--class DIR]
  --to-homes: hand the chapter out into each student's home (DIR/class.json; see docs/class.md).
  Writes the student notebooks (solutions stubbed, hidden tests absent, no .solutions/ folder:
  lab.solution() in a class release says it has none) into OUTDIR, with
  release-manifest.json: the sha256 of every locked cell (all but exercise cells) by id and
  position. Keep the manifest: \`trainlab grade --manifest\` uses it to flag edited locked cells.`;

/** Writes the student release of chapters; returns the manifest. */
export function release(chapters: string[] | "all", outDir: string, root = lessonsDir()): ReleaseManifest {
  const list = chapters === "all" ? listChapters(root) : chapters.map((c) => findChapter(c, root));
  if (list.length === 0) throw new TrainlabError(`No chapters in ${root}.`);
  fs.mkdirSync(outDir, { recursive: true });
  const manifest: ReleaseManifest = { trainlab: "release-manifest", version: 1, chapters: [] };
  for (const chapter of list) {
    const text = buildChapter(chapter, "student");
    const notebook = `${chapter.slug}.ipynb`;
    writeAtomic(path.join(outDir, notebook), text);
    manifest.chapters.push({ chapter: chapter.slug, notebook, cells: manifestCells(readCells(text, notebook)) });
  }
  writeAtomic(path.join(outDir, "release-manifest.json"), JSON.stringify(manifest, null, 1) + "\n");
  return manifest;
}

/** `trainlab release CHAPTER|--all OUTDIR`. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) return console.log(USAGE), 0;
  if (argv.includes("--to-homes")) return (await import("./class/release-cli")).main(argv.filter((a) => a !== "--to-homes"));
  const all = argv.includes("--all");
  const rest = argv.filter((a) => a !== "--all");
  const unknown = rest.find((a) => a.startsWith("-"));
  if (unknown) throw new TrainlabError(`unknown option ${unknown}.\n${USAGE}`);
  if (all ? rest.length !== 1 : rest.length !== 2) throw new TrainlabError(USAGE);
  const outDir = path.resolve(rest[rest.length - 1]);
  const manifest = release(all ? "all" : [rest[0]], outDir);
  for (const c of manifest.chapters) {
    const locked = c.cells.filter((x) => x.kind !== "exercise").length;
    console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, c.notebook))} (${locked} locked cells, ${c.cells.length - locked} exercise cells)`);
  }
  console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, "release-manifest.json"))}`);
  console.log("solutions left out (a class release has no .solutions/ folder): lab.solution() in these notebooks says so; lab.hint() still works.");
  return 0;
}
