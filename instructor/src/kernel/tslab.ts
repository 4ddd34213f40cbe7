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
 * tslab is pinned (1.0.22); if its source ever changes, the unpatched parts are left out and a
 * warning says so.
 */
import * as fs from "fs";
import * as path from "path";
import Module = require("module");

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

/** Where tslab asks TypeScript for its default (builder) program. */
const PROGRAM_ANCHOR = "}, sys, null, function (d) {";
const CREATE_ANCHOR = "function createConverter(options) {";

/** A plain program in the shape tslab and TypeScript's watch API use from a builder program. */
const PLAIN_PROGRAM = `// Trainlab: a plain program instead of a builder program (see instructor/src/kernel/tslab.ts).
function trainlabCreateProgram(rootNames, options, host, oldBuilder, configFileParsingDiagnostics, projectReferences) {
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

let patched: { createConverter: (options: { isJS: boolean; isBrowser: boolean }) => any } | undefined;

/** tslab's converter module with Trainlab's fixes. */
export function tslabConverter(): { createConverter: (options: { isJS: boolean; isBrowser: boolean }) => any } {
  if (patched) return patched;
  const file = require.resolve("tslab/dist/converter");
  const source = fs.readFileSync(file, "utf8");
  if (!source.includes(ANCHOR) || !source.includes(PROGRAM_ANCHOR) || !source.includes(CREATE_ANCHOR)) {
    console.warn("Trainlab: tslab's converter is not the version Trainlab patches; object shorthand of earlier cells' variables ({ x }) may fail, and cells type-check more slowly.");
    return (patched = require(file));
  }
  const mod = new Module(file, module) as Module & { _compile(code: string, filename: string): void };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const fixed = source
    .replace(ANCHOR, SHORTHAND_FIX + ANCHOR)
    .replace(PROGRAM_ANCHOR, "}, sys, trainlabCreateProgram, function (d) {")
    .replace(CREATE_ANCHOR, PLAIN_PROGRAM + CREATE_ANCHOR);
  mod._compile(fixed, file);
  return (patched = mod.exports as typeof patched & object);
}
