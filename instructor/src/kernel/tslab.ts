/**
 * tslab's converter (TypeScript → the JavaScript a cell runs), with fixes applied at load time:
 * - tslab rewrites references to variables of earlier cells as `exports.name`, but misses object
 *   shorthand — `{ names }` failed with "names is not defined".
 * - Speed: tslab's watch program made a TypeScript *builder* program for every cell (twice), and
 *   a builder computes the import graph and a hash of every file in the program — all of
 *   kernel-ext's and TensorFlow.js' declarations, hundreds of files — on each build: over half
 *   of a one-line cell's time once kernel-ext was imported. The converter only needs a plain
 *   program plus the cell's own source dependencies, so it gets exactly that (same type checks,
 *   same diagnostics, same emit).
 * - Speed: tslab built that program twice for a cell that declares anything — once only to learn
 *   the names it declares — and each program gets its own type checker; one program per cell now.
 * tslab is pinned (1.0.22); if its source ever changes, the unpatched parts are left out and a
 * warning says so.
 */
import * as fs from "fs";
import * as path from "path";

const ANCHOR = `            if (!ts.isIdentifier(node)) {
                return ts.visitEachChild(node, wrapPrevIdentifier, nullTransformationContext);
            }`;

const SHORTHAND_FIX = `            if (ts.isShorthandPropertyAssignment(node)) {
                // Trainlab: { prev } → { prev: exports.prev } for variables of earlier cells.
                const original = ts.getOriginalNode(node);
                const value = ts.isShorthandPropertyAssignment(original) ? checker.getShorthandAssignmentValueSymbol(original) : undefined;
                if (value && (value.declarations || []).some((d) => d.getSourceFile() === declsFile)) {
                    return ts.factory.createPropertyAssignment(node.name.text, ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node.name.text));
                }
                return node;
            }
`;

/** Where a cell's conversion starts: tslab builds a program only to learn the cell's top-level names. */
const CONVERT_ANCHOR = `    function convert(prevDecl, src) {
        updateContent(prevDecl, src);
        let declsFile = builder.getSourceFile(declFilename);
        let srcFile = builder.getSourceFile(srcFilename);
        const locals = srcFile.locals;`;

/**
 * One program per cell instead of two: tslab built a whole program (and a type checker) for the
 * cell as written only to read the names it declares, then a second one with `export { names }`
 * appended. The names come from binding the cell's own file, which the binder does file by file:
 * the same names, from parsing and binding one small file.
 */
const CONVERT_FIX = `    function convert(prevDecl, src) {
        // Trainlab: the cell's top-level names from its own file (see instructor/src/kernel/tslab.ts).
        const locals = trainlabLocals(srcFilename, srcPrefix + src, builder.getCompilerOptions());
        let declsFile;
        let srcFile;
        if (locals.size === 0) {
            updateContent(prevDecl, src);
            declsFile = builder.getSourceFile(declFilename);
            srcFile = builder.getSourceFile(srcFilename);
        }`;

/** Where tslab asks TypeScript for its default (builder) program. */
const PROGRAM_ANCHOR = "}, sys, null, function (d) {";
const CREATE_ANCHOR = "function createConverter(options) {";

/** A plain program in the shape tslab and TypeScript's watch API use from a builder program. */
const PLAIN_PROGRAM = `// Trainlab: a plain program instead of a builder program (see instructor/src/kernel/tslab.ts).
function trainlabCreateProgram(rootNames, options, host, oldBuilder, configFileParsingDiagnostics, projectReferences) {
    trainlabProgramsBuilt++;
    if (trainlabDeclarations) trainlabCacheDeclarations(host, rootNames);
    const program = ts.createProgram({ rootNames, options, host, oldProgram: oldBuilder && oldBuilder.getProgramOrUndefined(), configFileParsingDiagnostics, projectReferences });
    // tslab reads srcFile.locals, which the binder sets when the type checker is created.
    const bound = () => (program.getTypeChecker(), program);
    return {
        getProgram: () => program,
        getProgramOrUndefined: () => program,
        releaseProgram: () => { },
        getState: () => ({ program }),
        getCompilerOptions: () => program.getCompilerOptions(),
        getCurrentDirectory: () => program.getCurrentDirectory(),
        getSourceFile: (fileName) => bound().getSourceFile(fileName),
        getSourceFiles: () => program.getSourceFiles(),
        getOptionsDiagnostics: (token) => program.getOptionsDiagnostics(token),
        getGlobalDiagnostics: (token) => program.getGlobalDiagnostics(token),
        getConfigFileParsingDiagnostics: () => program.getConfigFileParsingDiagnostics(),
        getSyntacticDiagnostics: (file, token) => program.getSyntacticDiagnostics(file, token),
        getDeclarationDiagnostics: (file, token) => program.getDeclarationDiagnostics(file, token),
        getSemanticDiagnostics: (file, token) => program.getSemanticDiagnostics(file, token),
        emit: (file, writeFile, token, emitOnlyDts, transformers) => program.emit(file, writeFile, token, emitOnlyDts, transformers),
        getAllDependencies: (file) => trainlabDependencies(bound(), file),
    };
}
/**
 * Parsed (and, once a checker ran, bound) declaration files, kept for the life of the process: a
 * grading child started from its V8 startup snapshot (instructor/src/grading/snapshotEntry.ts)
 * finds the declarations of TypeScript's lib, @types/node, kernel-ext and TensorFlow.js already
 * parsed. "record" (while the snapshot warms up) keeps every declaration file a program reads
 * except the converter's own; "sealed" (in the child) only serves what was recorded — a file
 * that was not (one a notebook wrote, say) is read as before. Off by default (the kernel).
 */
/** Programs built by this module's converters (one per converter and one per cell): what a cell costs. */
let trainlabProgramsBuilt = 0;
exports.trainlabProgramsBuilt = () => trainlabProgramsBuilt;
let trainlabDeclarations = null;
let trainlabRecording = false;
exports.trainlabCacheDeclarations = (state) => {
    trainlabDeclarations = trainlabDeclarations || new Map();
    trainlabRecording = state === "record";
};
/** The declaration files kept (their names as the program saw them). */
exports.trainlabDeclarationFiles = () => trainlabDeclarations ? Array.from(new Set(Array.from(trainlabDeclarations.keys(), (key) => key.slice(0, key.lastIndexOf("|"))))) : [];
const trainlabCachedHosts = new WeakSet();
function trainlabCacheDeclarations(host, rootNames) {
    if (trainlabCachedHosts.has(host)) return;
    trainlabCachedHosts.add(host);
    const own = new Set(rootNames);
    const cached = (read, fileName, languageVersion, shouldCreateNewSourceFile) => {
        if (!trainlabDeclarations || shouldCreateNewSourceFile || !fileName.endsWith(".d.ts") || own.has(fileName)) return read();
        const key = fileName + "|" + (typeof languageVersion === "object" ? languageVersion.languageVersion + "," + languageVersion.impliedNodeFormat : languageVersion);
        let file = trainlabDeclarations.get(key);
        if (!file) {
            file = read();
            if (file && trainlabRecording) trainlabDeclarations.set(key, file);
        }
        return file;
    };
    // TypeScript asks for files by name, and by path when it tries to reuse an old program's.
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = function (fileName, languageVersion, onError, shouldCreateNewSourceFile) {
        return cached(() => getSourceFile.apply(this, arguments), fileName, languageVersion, shouldCreateNewSourceFile);
    };
    const getSourceFileByPath = host.getSourceFileByPath;
    if (getSourceFileByPath) {
        host.getSourceFileByPath = function (fileName, path, languageVersion, onError, shouldCreateNewSourceFile) {
            return cached(() => getSourceFileByPath.apply(this, arguments), fileName, languageVersion, shouldCreateNewSourceFile);
        };
    }
}
/** The names a cell's file declares at its top level, as the binder records them (srcFile.locals). */
function trainlabLocals(fileName, text, options) {
    const file = ts.createSourceFile(fileName, text, ts.getEmitScriptTarget(options));
    ts.bindSourceFile(file, options);
    return file.locals || new Map();
}
/** The file and the files it imports, transitively through source (not declaration) files. */
function trainlabDependencies(program, sourceFile) {
    const checker = program.getTypeChecker();
    const seen = new Set([sourceFile.fileName]);
    const stack = [sourceFile];
    while (stack.length > 0) {
        const file = stack.pop();
        for (const literal of file.imports || []) {
            const symbol = checker.getSymbolAtLocation(literal);
            const dep = symbol && symbol.declarations && symbol.declarations.length > 0 ? symbol.declarations[0].getSourceFile() : undefined;
            if (!dep || seen.has(dep.fileName)) continue;
            seen.add(dep.fileName);
            if (!dep.isDeclarationFile) stack.push(dep);
        }
    }
    return Array.from(seen);
}
`;

/** tslab's converter module, as the kernel and the grading child use it. */
export interface ConverterModule {
  createConverter(options: { isJS: boolean; isBrowser: boolean }): { convert(prevDecl: string, src: string): { diagnostics: unknown[]; declOutput?: string }; close(): void };
  /** Keep parsed declaration files for the life of the process (see PLAIN_PROGRAM). Absent when tslab is not the patched version. */
  trainlabCacheDeclarations?: (state: "record" | "sealed") => void;
  /** The declaration files kept. */
  trainlabDeclarationFiles?: () => string[];
  /** Programs built so far by this module's converters (one when a converter is created, then one per cell). */
  trainlabProgramsBuilt?: () => number;
}

let patched: ConverterModule | undefined;

/** tslab's converter source with Trainlab's fixes, or null when tslab is not the version Trainlab patches. */
export function patchedConverterSource(source: string): string | null {
  if (![ANCHOR, PROGRAM_ANCHOR, CREATE_ANCHOR, CONVERT_ANCHOR].every((anchor) => source.includes(anchor))) return null;
  return source
    .replace(ANCHOR, SHORTHAND_FIX + ANCHOR)
    .replace(CONVERT_ANCHOR, CONVERT_FIX)
    .replace(PROGRAM_ANCHOR, "}, sys, trainlabCreateProgram, function (d) {")
    .replace(CREATE_ANCHOR, PLAIN_PROGRAM + CREATE_ANCHOR);
}

/** The warning when tslab is not the version Trainlab patches. */
const UNPATCHED_WARNING =
  "Trainlab: tslab's converter is not the version Trainlab patches; object shorthand of earlier cells' variables ({ x }) may fail, and cells type-check more slowly.";

/** tslab's converter module with Trainlab's fixes. */
export function tslabConverter(): ConverterModule {
  if (patched) return patched;
  const file = require.resolve("tslab/dist/converter");
  const fixed = patchedConverterSource(fs.readFileSync(file, "utf8"));
  if (fixed === null) {
    console.warn(UNPATCHED_WARNING);
    return (patched = require(file));
  }
  // Loaded here, not at the top: a V8 snapshot builder (grading/snapshotEntry.ts) loads this file and may not touch "module".
  const Module = require("module") as typeof import("module") & { _nodeModulePaths(dir: string): string[] };
  const mod = new Module(file, module) as InstanceType<typeof import("module")> & { _compile(code: string, filename: string): void };
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod._compile(fixed, file);
  return (patched = mod.exports as ConverterModule);
}
