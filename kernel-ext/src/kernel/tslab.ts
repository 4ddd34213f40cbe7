/**
 * tslab's converter (TypeScript → the JavaScript a cell runs), with a fix applied at load time:
 * tslab rewrites references to variables of earlier cells as `exports.name`, but misses object
 * shorthand — `{ names }` failed with "names is not defined". tslab is pinned (1.0.22); if its
 * source ever changes, the unpatched converter is used and a warning says so.
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

let patched: { createConverter: (options: { isJS: boolean; isBrowser: boolean }) => any } | undefined;

/** tslab's converter module with Trainlab's fixes. */
export function tslabConverter(): { createConverter: (options: { isJS: boolean; isBrowser: boolean }) => any } {
  if (patched) return patched;
  const file = require.resolve("tslab/dist/converter");
  const source = fs.readFileSync(file, "utf8");
  if (!source.includes(ANCHOR)) {
    console.warn("Trainlab: tslab's converter is not the version Trainlab patches; object shorthand of earlier cells' variables ({ x }) may fail.");
    return (patched = require(file));
  }
  const mod = new Module(file, module) as Module & { _compile(code: string, filename: string): void };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  mod._compile(source.replace(ANCHOR, SHORTHAND_FIX + ANCHOR), file);
  return (patched = mod.exports as typeof patched & object);
}
