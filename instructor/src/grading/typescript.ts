/**
 * TypeScript in a grading child, prepared the same way whether the child loads it itself or
 * starts from the V8 startup snapshot that already holds it (snapshotEntry.ts). Type imports
 * only: the snapshot builder loads this file with its own small loader.
 */
import type { ConverterModule } from "../kernel/tslab";

/** What a grading child needs before its first cell: TypeScript and the converter module. */
export interface PreparedTypeScript {
  ts: { sys: { watchFile: unknown; watchDirectory: unknown } };
  converter: ConverterModule;
  /** A converter created ahead (in the snapshot), usable by a child whose working folder is `cwd`. */
  ready?: { cwd: string; converter: ReturnType<ConverterModule["createConverter"]> };
}

/** Node's permission model denies fs watchers, and tslab's converter asks TypeScript for them. */
export function prepareTypeScript(prepared: PreparedTypeScript): PreparedTypeScript {
  const noWatch = () => ({ close() {} });
  prepared.ts.sys.watchFile = noWatch;
  prepared.ts.sys.watchDirectory = noWatch;
  return prepared;
}

/**
 * The cells a snapshot runs through TypeScript before it is written: every module a chapter
 * imports (lessons/*\/lesson.md), so their declarations are parsed and bound once, for every child.
 */
export const WARM_UP_CELLS = [
  'import * as lab from "@trainlab/kernel-ext";\nimport * as fs from "node:fs";\nimport * as os from "node:os";\nimport * as path from "node:path";\nconst warm: number = lab.train && lab.tf ? 1 : 0;',
  "const again = warm + 1;",
];

/**
 * Type-checks {@link WARM_UP_CELLS} in a converter of its own, then closes it, keeping the
 * declaration files it parsed for every later converter of this process (the files cannot
 * change: a grading child sees them read-only). Returns the diagnostics seen and the files kept.
 */
export function warmUp(prepared: PreparedTypeScript): { diagnostics: number; declarations: string[] } {
  const cache = prepared.converter.trainlabCacheDeclarations;
  if (!cache) throw new Error("tslab's converter is not the version Trainlab patches: no declaration cache");
  cache("record");
  const converter = prepared.converter.createConverter({ isJS: false, isBrowser: false });
  let diagnostics = 0;
  let decl = "";
  try {
    for (const cell of WARM_UP_CELLS) {
      const out = converter.convert(decl, cell);
      diagnostics += out.diagnostics.length;
      decl = out.declOutput ?? decl;
    }
  } finally {
    converter.close();
  }
  cache("sealed");
  return { diagnostics, declarations: prepared.converter.trainlabDeclarationFiles?.() ?? [] };
}

/**
 * The same JavaScript as a string V8 stores one byte per character: each character above U+00FF
 * written as its `\u` escape. V8 keeps a script's source for the script's life, two bytes per
 * character if any one needs it; typescript.js (8.1 million characters) has five, all in comments,
 * so the snapshot held 16 MB of source instead of 8 — deserialized, and resident, in every child.
 * An escape means the same character in a comment, a string, a regular expression or an
 * identifier, and no line moves. Rebuilt from Latin-1 pieces: a string V8 made two-byte stays so
 * when sliced, replaced or joined.
 */
export function latin1Source(source: string): string {
  let wide = false;
  for (let i = 0; i < source.length && !wide; i++) wide = source.charCodeAt(i) > 0xff;
  if (!wide) return source;
  const pieces: string[] = [];
  // Pieces below Node's size for external strings (~1 MB): they stay on V8's heap, in the snapshot.
  for (let at = 0; at < source.length; at += 65536) {
    const piece = source.slice(at, at + 65536).replace(/[^\u0000-\u00ff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    pieces.push(Buffer.from(piece, "latin1").toString("latin1"));
  }
  return pieces.join("");
}
