// Claims are tests: every number, comparison or trend a chapter's prose marks as a claim
// ([0.97]{claim=name tol=0.01} in lesson.md) is compared with the value the executed notebook
// printed for it (a ```ts claims block, run only in the claims build). See docs/authoring.md.
import fs from "node:fs";
import path from "node:path";
import { tools, codeCells, outputText } from "./jupyter.mjs";

const { claimMarkers, claimHolds, CLAIMS_PREFIX } = tools.lessons;

/** The values the claims cells of an executed notebook printed, merged into one object. */
export function claimValues(nb) {
  const values = {};
  for (const cell of codeCells(nb)) {
    for (const line of cell.outputs.map(outputText).join("").split("\n")) {
      if (line.startsWith(CLAIMS_PREFIX)) Object.assign(values, JSON.parse(line.slice(CLAIMS_PREFIX.length)));
    }
  }
  return values;
}

/**
 * The claims of a chapter that do not hold in its executed notebook, as readable lines (empty
 * when every claim holds): a marker without a value, a value no marker states, or a number or
 * fact the output contradicts.
 */
export function claimProblems(chapterDir, nb) {
  const file = path.join(chapterDir, "lesson.md");
  const markers = claimMarkers(fs.readFileSync(file, "utf8"), file);
  const values = claimValues(nb);
  const where = (m) => `${path.basename(chapterDir)}/lesson.md:${m.line}`;
  const problems = [];
  for (const m of markers) {
    if (!(m.name in values)) problems.push(`${where(m)}: claim "${m.name}" ("${m.text}") has no value: add \`${m.name}: <expression>\` to a \`\`\`ts claims block after the cell that computes it`);
    else if (!claimHolds(m, values[m.name])) {
      const stated = m.stated === null ? "true" : `${m.stated} ± ${m.tolerance}`;
      problems.push(`${where(m)}: the text says "${m.text}" (${m.name} = ${stated}) but the notebook computed ${JSON.stringify(values[m.name])}`);
    }
  }
  const named = new Set(markers.map((m) => m.name));
  for (const name of Object.keys(values)) if (!named.has(name)) problems.push(`${path.basename(chapterDir)}: claims value "${name}" is stated by no [text]{claim=${name}} in the prose`);
  return problems;
}
