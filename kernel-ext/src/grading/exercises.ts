import * as fs from "fs";
import * as path from "path";
import Module = require("module");
import { TrainlabError } from "../errors";
import type { Exercise } from "./types";

/** The folder holding lessons/NN-slug/: TRAINLAB_LESSONS, else the repository's lessons/. */
export function lessonsDir(): string {
  return process.env.TRAINLAB_LESSONS || path.resolve(__dirname, "..", "..", "..", "lessons");
}

/** The chapter folder for an exercise id: "1.2" → lessons/01-slug. */
export function chapterDir(id: string, root = lessonsDir()): string {
  const match = /^(\d+)\.\d+$/.exec(id);
  if (!match) throw new TrainlabError(`"${id}" is not an exercise id; ids look like "0.1" (chapter.number), as written above the exercise.`);
  const prefix = match[1].padStart(2, "0") + "-";
  const dirs = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => d.startsWith(prefix)) : [];
  if (dirs.length !== 1) {
    throw new TrainlabError(`No chapter ${match[1]} found in ${root} for exercise "${id}". Set TRAINLAB_LESSONS to the course's lessons/ folder if the course lives elsewhere.`);
  }
  return path.join(root, dirs[0]);
}

/**
 * Loads a chapter's exercises from `checks.ts` (visible tests) and, with `hidden`, merges the
 * tests of `hidden.ts` into them (marked hidden). TypeScript is transpiled on the fly.
 */
export function loadExercises(dir: string, options: { hidden?: boolean } = {}): Exercise[] {
  const visible = loadModule(path.join(dir, "checks.ts")).map((e) => ({ ...e, tests: e.tests.map((t) => ({ ...t, hidden: false })) }));
  if (!options.hidden) return visible;
  const hiddenFile = path.join(dir, "hidden.ts");
  if (!fs.existsSync(hiddenFile)) return visible;
  for (const h of loadModule(hiddenFile)) {
    const target = visible.find((e) => e.id === h.id);
    if (!target) throw new TrainlabError(`${hiddenFile} has tests for exercise "${h.id}", which checks.ts does not define. Add it to checks.ts first.`);
    target.tests.push(...h.tests.map((t) => ({ ...t, hidden: true })));
  }
  return visible;
}

/** The exercise with this id, with its visible tests. */
export function findExercise(id: string): Exercise {
  const dir = chapterDir(id);
  const exercise = loadExercises(dir).find((e) => e.id === id);
  if (!exercise) throw new TrainlabError(`Exercise "${id}" is not defined in ${path.join(dir, "checks.ts")}. Check the id written above the exercise.`);
  return exercise;
}

const cache = new Map<string, { mtimeMs: number; exercises: Exercise[] }>();

function loadModule(file: string): Exercise[] {
  if (!fs.existsSync(file)) throw new TrainlabError(`${file} is missing: every chapter needs one (see docs/authoring.md).`);
  const { mtimeMs } = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.exercises;
  const exercises = (compileTs(file) as { exercises?: Exercise[] }).exercises;
  if (!Array.isArray(exercises)) throw new TrainlabError(`${file} must export \`exercises\`, an array of exercises (see docs/authoring.md).`);
  cache.set(file, { mtimeMs, exercises });
  return exercises;
}

/**
 * Transpiles and runs one TypeScript file of a chapter. A relative import of a sibling TypeScript
 * file (`import { task } from "./tasks"`) loads `tasks.ts` the same way, so checks.ts and hidden.ts
 * can share a chapter's task generators instead of each holding a copy.
 */
function compileTs(file: string, loading: Map<string, unknown> = new Map()): unknown {
  const ts: typeof import("typescript") = require("typescript");
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
  });
  const mod = new Module(file, module) as Module & { _compile(code: string, filename: string): void };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  loading.set(file, mod.exports);
  const plainRequire = mod.require.bind(mod);
  mod.require = ((id: string) => {
    const sibling = id.startsWith("./") ? path.join(path.dirname(file), id.endsWith(".ts") ? id : `${id}.ts`) : null;
    if (sibling && path.dirname(sibling) === path.dirname(file) && fs.existsSync(sibling)) {
      return loading.has(sibling) ? loading.get(sibling) : compileTs(sibling, loading);
    }
    return plainRequire(id);
  }) as NodeJS.Require;
  mod._compile(outputText, file);
  loading.set(file, mod.exports);
  return mod.exports;
}
