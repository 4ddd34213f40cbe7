/**
 * Builds the V8 startup snapshot grading children start from (see snapshot.ts): TypeScript and
 * tslab's converter loaded, and the declarations of every library a chapter imports parsed and
 * bound — ~3 s of CPU that every child otherwise spends before its first cell does anything.
 * Run by the grader, never by a notebook, inside the same sandbox layout the children get:
 *
 *     node <the children's V8 flags> --snapshot-blob FILE --build-snapshot snapshotEntry.js
 *
 * A child then starts with `node --snapshot-blob FILE`: a fresh process, deserialized from a file
 * written before any submission ran, so nothing passes from one student to the next.
 *
 * A snapshot builder may `require` only Node's built-in modules (Node 20); the files it needs
 * (typescript.js, tslab's converter, ./typescript.js) are loaded by the small CommonJS loader
 * below. After deserialization the child's own code is loaded with Node's real `require`.
 */
// A script, not a module: a snapshot builder has no `exports` (hence require, and one closure).
(function buildGradingSnapshot(): void {
  const builtin = require;
  const fs: typeof import("fs") = builtin("fs");
  const path: typeof import("path") = builtin("path");
  const v8: typeof import("v8") = builtin("v8");
  type PreparedTypeScript = import("./typescript").PreparedTypeScript;

  /** Node's resolution, enough for plain CommonJS packages: relative files, package.json "main", index.js. */
  function resolveFrom(dir: string, id: string): string {
    const asFile = (p: string): string | null => {
      for (const candidate of [p, `${p}.js`, `${p}.json`, path.join(p, "index.js")]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
      }
      return null;
    };
    if (id.startsWith("./") || id.startsWith("../") || id.startsWith("/")) {
      const file = asFile(path.resolve(dir, id));
      if (file) return file;
    } else {
      for (let at = dir; ; at = path.dirname(at)) {
        const base = path.join(at, "node_modules", id);
        const manifest = path.join(base, "package.json");
        if (fs.existsSync(manifest) && !id.endsWith("package.json")) {
          const main = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { main?: string }).main ?? "index.js";
          const file = asFile(path.join(base, main));
          if (file) return file;
        }
        const file = asFile(base);
        if (file) return file;
        if (at === path.dirname(at)) break;
      }
    }
    throw new Error(`grading snapshot: cannot resolve ${id} from ${dir}`);
  }

  /** A CommonJS loader over `fs` and `Function` (what a snapshot builder may use). */
  function createLoader(): ((file: string, source?: string) => any) & { files(): string[] } {
    const cache = new Map<string, { exports: any }>();
    const load = (file: string, source?: string): any => {
      const cached = cache.get(file);
      if (cached) return cached.exports;
      const mod = { exports: {} as any, filename: file };
      cache.set(file, mod);
      const text = source ?? fs.readFileSync(file, "utf8");
      if (file.endsWith(".json")) return (mod.exports = JSON.parse(text));
      const dir = path.dirname(file);
      const req = (id: string) => (builtinModule(id) ? builtin(id) : load(resolveFrom(dir, id)));
      // eslint-disable-next-line no-new-func
      new Function("exports", "require", "module", "__filename", "__dirname", text)(mod.exports, req, mod, file, dir);
      return mod.exports;
    };
    return Object.assign(load, { files: () => [...cache.keys()] });
  }

  const BUILTINS = new Set(["assert", "buffer", "child_process", "crypto", "events", "fs", "inspector", "os", "path", "perf_hooks", "stream", "string_decoder", "url", "util", "v8", "worker_threads", "zlib"]);

  function builtinModule(id: string): boolean {
    return id.startsWith("node:") || BUILTINS.has(id);
  }

  function build(): PreparedTypeScript {
    const load = createLoader();
    const tslabDir = path.dirname(resolveFrom(__dirname, "tslab/package.json"));
    const { patchedConverterSource } = load(path.join(__dirname, "..", "kernel", "tslab.js"));
    const { prepareTypeScript, warmUp, latin1Source } = load(path.join(__dirname, "typescript.js"));
    const tsFile = resolveFrom(tslabDir, "@tslab/typescript-for-tslab");
    const ts = load(tsFile, latin1Source(fs.readFileSync(tsFile, "utf8")));
    const converterFile = path.join(tslabDir, "dist", "converter.js");
    const fixed = patchedConverterSource(fs.readFileSync(converterFile, "utf8"));
    if (fixed === null) throw new Error("grading snapshot: tslab is not the version Trainlab patches");
    const prepared: PreparedTypeScript = prepareTypeScript({ ts, converter: load(converterFile, fixed) });
    const { diagnostics, declarations } = warmUp(prepared);
    if (diagnostics > 0) throw new Error(`grading snapshot: the warm-up cells did not type-check (${diagnostics} diagnostics)`);
    if (declarations.length < 100) throw new Error(`grading snapshot: only ${declarations.length} declaration files were kept (kernel-ext alone has more)`);
    // What the snapshot was made from: the grader keeps it while none of these files changes.
    const at = process.execArgv.indexOf("--snapshot-blob");
    const blob = at >= 0 ? process.execArgv[at + 1] : "";
    if (blob) fs.writeFileSync(`${blob}.files.json`, JSON.stringify([...load.files(), ...declarations, __filename, path.join(__dirname, "child.js")]));
    // The child's own converter, made ahead: the builder runs in the children's working folder.
    prepared.ready = { cwd: process.cwd(), converter: prepared.converter.createConverter({ isJS: false, isBrowser: false }) };
    return prepared;
  }

  const prepared = build();
  const entry = __filename;
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    const Module = builtin("module") as typeof import("module") & { _cache: Record<string, unknown> };
    const real = Module.createRequire(entry);
    // tslab's executor requires TypeScript too (for a scanner): hand it the one already loaded
    // instead of a second copy (~0.2 s of CPU), under the name Node's require would give it.
    const tsFile = real.resolve("@tslab/typescript-for-tslab", { paths: [path.dirname(real.resolve("tslab/dist/executor"))] });
    if (!Module._cache[tsFile]) {
      const mod = new Module(tsFile);
      Object.assign(mod, { filename: tsFile, loaded: true, exports: prepared.ts });
      Module._cache[tsFile] = mod;
    }
    real("./child").runChild(prepared);
  });
})();
