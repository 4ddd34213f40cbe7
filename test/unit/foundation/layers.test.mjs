// The layers of kernel-ext (docs/authoring.md): core at the bottom; train, display, datasets and
// grading beside each other on top of it; one folder per chapter on top of those; index.ts above
// all. A chapter folder never imports another chapter; nothing imports upward; no import cycle.
// And the two packages: kernel-ext never imports the instructor tooling.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const src = path.join(root, "kernel-ext", "src");

/** Each folder of kernel-ext/src (and errors.ts) with its layer: a folder may import its own layer's others only where noted. */
const LAYERS = {
  core: ["core", "errors.ts"],
  base: ["train", "display", "datasets", "grading", "kernel"],
  chapter: ["data", "overfit", "tune", "compute", "explain", "fairness", "transfer", "deploy"],
  top: ["index.ts"],
};
const RANK = { core: 0, base: 1, chapter: 2, top: 3 };

/**
 * Edges allowed while a move is under way (none now). An entry is { from: RegExp, to: file, why };
 * the test fails on an entry that no longer matches anything, so none can linger.
 */
const PENDING = [];

/** Every .ts file under `dir`, relative to it, with / separators. */
function tsFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full, base);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.relative(base, full).split(path.sep).join("/")] : [];
  });
}

/**
 * The module specifiers a TypeScript file imports: import/export … from, import(), require(),
 * `import x = require()`. With `runtimeOnly`, `import type`/`export type` (erased by tsc) are left out.
 */
export function importsOf(text, { runtimeOnly = false } = {}) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found = [];
  for (const m of code.matchAll(/\b(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s*["']([^"']+)["']/g)) if (!(runtimeOnly && m[1])) found.push(m[2]);
  const patterns = [/\bimport\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]);
  return found;
}

/** The file a relative specifier names (x.ts or x/index.ts), relative to src; null for packages. */
function resolveIn(srcDir, from, spec) {
  if (!spec.startsWith(".")) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) if (fs.existsSync(path.join(srcDir, candidate)) && candidate.endsWith(".ts")) return candidate;
  return `${base}.ts (missing)`;
}

/** "core" | "base" | "chapter" | "top" for a file, and its folder. */
function layerOf(file) {
  const folder = file.includes("/") ? file.split("/")[0] : file;
  const layer = Object.keys(LAYERS).find((l) => LAYERS[l].includes(folder));
  return { layer, folder };
}

/** The import graph of a source tree: { file: [imported files] } (types included unless `runtimeOnly`). */
export function importGraph(srcDir, options = {}) {
  const graph = {};
  for (const file of tsFiles(srcDir)) {
    graph[file] = importsOf(fs.readFileSync(path.join(srcDir, file), "utf8"), options).map((s) => resolveIn(srcDir, file, s)).filter(Boolean);
  }
  return graph;
}

/** The edges that break the layer rule, as "from -> to (why)". */
export function forbiddenEdges(graph, pending = PENDING) {
  const bad = [];
  for (const [from, tos] of Object.entries(graph)) {
    const a = layerOf(from);
    for (const to of tos) {
      const b = layerOf(to);
      if (!a.layer) bad.push(`${from} -> ${to} (${a.folder} is in no layer: add it to LAYERS and docs/authoring.md)`);
      else if (!b.layer) bad.push(`${from} -> ${to} (${b.folder} is in no layer)`);
      else if (a.folder === b.folder) continue;
      else if (RANK[b.layer] > RANK[a.layer]) bad.push(`${from} -> ${to} (${a.layer} imports upward from ${b.layer})`);
      else if (a.layer === "chapter" && b.layer === "chapter") {
        if (!pending.some((p) => p.from.test(from) && p.to === to)) bad.push(`${from} -> ${to} (a chapter folder imports another chapter: move what both need into core/)`);
      } else if (a.layer === "core" && b.layer === "core" && a.folder === "errors.ts") bad.push(`${from} -> ${to} (errors.ts imports nothing)`);
    }
  }
  return bad;
}

/** One import cycle between folders, as "a -> b -> a", or null. */
export function folderCycle(graph) {
  const edges = {};
  for (const [from, tos] of Object.entries(graph)) {
    const a = layerOf(from).folder;
    for (const to of tos) {
      const b = layerOf(to).folder;
      if (a !== b) (edges[a] ??= new Set()).add(b);
    }
  }
  return findCycle(edges);
}

/** One import cycle between files, as "a -> b -> a", or null. */
export function fileCycle(graph) {
  return findCycle(Object.fromEntries(Object.entries(graph).map(([f, tos]) => [f, new Set(tos)])));
}

function findCycle(edges) {
  const state = {};
  const stack = [];
  const visit = (n) => {
    state[n] = "open";
    stack.push(n);
    for (const m of edges[n] ?? []) {
      if (state[m] === "open") return [...stack.slice(stack.indexOf(m)), m].join(" -> ");
      if (!state[m]) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state[n] = "done";
    return null;
  };
  for (const n of Object.keys(edges).sort()) {
    if (!state[n]) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return null;
}

describe("layers of kernel-ext", () => {
  const graph = importGraph(src);

  it("reads the imports of every source file (the parser is not blind)", () => {
    assert.ok(Object.keys(graph).length > 100, "fewer than 100 source files found");
    assert.deepEqual(importsOf('import type { T } from "./t";', { runtimeOnly: true }), []);
    assert.deepEqual(importsOf('import { a } from "./x";\nimport type { B } from "../y";\nexport * as z from "./z";\nexport { c } from "./c";\nimport Module = require("module");\nconst w = require("./w");\n// import { no } from "./comment";'), ["./x", "../y", "./z", "./c", "module", "./w"]);
    assert.deepEqual(Object.values(graph).flat().filter((f) => f.endsWith("(missing)")), [], "imports that name no file");
  });

  it("no chapter folder imports another; core imports only core; nothing imports upward", () => {
    assert.deepEqual(forbiddenEdges(graph), []);
  });

  it("catches a forbidden edge and a cycle (the rule itself can fail)", () => {
    const bad = { "data/a.ts": ["overfit/b.ts"], "overfit/b.ts": ["data/a.ts"], "core/x.ts": ["train/y.ts"], "train/y.ts": [] };
    assert.equal(forbiddenEdges(bad, []).length, 3);
    assert.equal(folderCycle(bad), "data -> overfit -> data");
  });

  it("every pending edge still exists (remove an entry once its branch lands)", () => {
    for (const p of PENDING) {
      assert.ok(Object.entries(graph).some(([from, tos]) => p.from.test(from) && tos.includes(p.to)), `PENDING entry no longer needed: ${p.from} -> ${p.to} (${p.why})`);
    }
  });

  it("no import cycle between folders, nor between files at run time (a type-only import is erased)", () => {
    assert.equal(folderCycle(graph), null);
    assert.equal(fileCycle(importGraph(src, { runtimeOnly: true })), null);
  });

  it("kernel-ext never imports the instructor tooling; the instructor imports kernel-ext only through its package name", () => {
    const offenders = Object.keys(graph).filter((f) => importsOf(fs.readFileSync(path.join(src, f), "utf8")).some((s) => s.startsWith("@trainlab/instructor")));
    assert.deepEqual(offenders, []);
    const tools = path.join(root, "instructor", "src");
    const reaching = tsFiles(tools).filter((f) => importsOf(fs.readFileSync(path.join(tools, f), "utf8")).some((s) => s.includes("kernel-ext/src") || /^(\.\.\/)+kernel-ext/.test(s)));
    assert.deepEqual(reaching, []);
  });
});
