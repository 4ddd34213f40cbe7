import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { NotebookOptions, notebookText, toNotebook, Version } from "./notebook";
import { parseLesson } from "./parse";
import { solutionsText } from "./solutions";

/** Where the self-paced build keeps solutions, beside the notebooks (a class release has none). */
export const SOLUTIONS_FOLDER = ".solutions";

/** A chapter folder: lessons/NN-slug. */
export interface Chapter {
  slug: string;
  dir: string;
}

/** The chapters under a lessons/ folder, in order. */
export function listChapters(lessonsRoot: string): Chapter[] {
  if (!fs.existsSync(lessonsRoot)) throw new TrainlabError(`No lessons folder at ${lessonsRoot}.`);
  return fs
    .readdirSync(lessonsRoot)
    .filter((d) => /^\d\d-[a-z0-9-]+$/.test(d) && fs.existsSync(path.join(lessonsRoot, d, "lesson.md")))
    .sort()
    .map((slug) => ({ slug, dir: path.join(lessonsRoot, slug) }));
}

/** The self-paced build's solutions file of one chapter (see {@link solutionsText}). */
export function buildSolutions(chapter: Chapter): string {
  const file = path.join(chapter.dir, "lesson.md");
  return solutionsText(parseLesson(fs.readFileSync(file, "utf8"), file), chapter.slug);
}

/** The notebook text of one chapter in one version (with `claims`: plus the cells that print the claims' values). */
export function buildChapter(chapter: Chapter, version: Version, options: NotebookOptions = {}): string {
  const file = path.join(chapter.dir, "lesson.md");
  const cells = parseLesson(fs.readFileSync(file, "utf8"), file);
  return notebookText(toNotebook(cells, chapter.slug, version, options));
}

export interface BuildResult {
  written: string[];
  unchanged: string[];
  /** With `check`: notebooks whose committed text differs from what lessons/ builds. */
  outOfDate: string[];
}

/**
 * Builds every chapter into `outDir/NN-slug.ipynb`; the student (self-paced) version also writes
 * its solutions to `outDir/.solutions/NN-slug.json` for `lab.solution`. With `check`, writes
 * nothing and lists the files that are missing or out of date instead.
 */
export function buildAll(lessonsRoot: string, outDir: string, options: { version?: Version; check?: boolean } = {}): BuildResult {
  const version = options.version ?? "student";
  const result: BuildResult = { written: [], unchanged: [], outOfDate: [] };
  const put = (target: string, text: string) => {
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
    if (current === text) result.unchanged.push(target);
    else if (options.check) result.outOfDate.push(target);
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
      result.written.push(target);
    }
  };
  for (const chapter of listChapters(lessonsRoot)) {
    put(path.join(outDir, `${chapter.slug}.ipynb`), buildChapter(chapter, version));
    if (version === "student") put(path.join(outDir, SOLUTIONS_FOLDER, `${chapter.slug}.json`), buildSolutions(chapter));
  }
  return result;
}
