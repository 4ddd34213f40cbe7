import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { nodeModulesDir } from "../../grading/sandbox";
import { release } from "../release";
import { classPaths, readClass } from "./config";
import { asUser } from "./as-user";
import { lockHome, requireUser } from "./users";

/** What happened to one student's copy. */
export interface HandOut {
  login: string;
  file: string;
  /** "written", or "kept" when the student already has this chapter (their work is never overwritten). */
  action: "written" | "kept";
}

/**
 * Hands a chapter out to every student of the class: the student release (no solutions, no hidden
 * tests) into HOME/FOLDER/NN-slug.ipynb, owned by the student, beside a `node_modules` link to the
 * course's (so the notebook imports the course); the home is set to 0700. The manifest goes to
 * CLASS/release/release-manifest.json for grading. A student's existing copy is kept.
 */
export function handOut(classDir: string, chapter: string): HandOut[] {
  const config = readClass(classDir);
  const paths = classPaths(classDir);
  const manifest = release([chapter], paths.release);
  const { notebook } = manifest.chapters[0];
  const text = fs.readFileSync(path.join(paths.release, notebook), "utf8");
  const modules = nodeModulesDir();
  return config.students.map(({ login }) => {
    const user = requireUser(login);
    lockHome(user);
    const folder = path.join(user.home, config.folder ?? "trainlab");
    if (path.relative(user.home, folder).startsWith("..")) throw new TrainlabError(`class.json "folder" must be a folder inside the home, not ${config.folder}.`);
    const file = path.join(folder, notebook);
    // Written as the student: a link they planted leads only where they could write themselves.
    const written = asUser(user, () => {
      fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
      const link = path.join(folder, "node_modules");
      if (!lexists(link)) fs.symlinkSync(modules, link, "dir");
      if (fs.existsSync(file)) return false;
      fs.writeFileSync(file, text, { mode: 0o644, flag: "wx" });
      return true;
    });
    if (!written) return { login, file, action: "kept" };
    return { login, file, action: "written" };
  });
}

/** True when something (a file, a folder, a link — dangling or not) is at that path. */
function lexists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
