// The exported names of @trainlab/kernel-ext, read from its built declarations with TypeScript's
// checker: values and types, and the names inside each namespace (lab.data, lab.train, …).
import path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const ts = require("typescript");

/** { "": [top-level names], "data": [names in lab.data], … }, every list sorted. */
export function publicApi(indexDts) {
  const program = ts.createProgram([indexDts], { types: [], skipLibCheck: true, noResolve: false });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.resolve(indexDts));
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const api = { "": [] };
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const name = symbol.getName();
    api[""].push(name);
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    // `export * as data from "./data"` aliases a module: list its exports too (lab.tf is TensorFlow.js, not ours).
    if (target.flags & ts.SymbolFlags.ValueModule && name !== "tf") {
      api[name] = checker.getExportsOfModule(target).map((s) => s.getName()).sort();
    }
  }
  api[""].sort();
  return api;
}
