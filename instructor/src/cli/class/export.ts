import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { csvCell, writeAtomic } from "../../grading/gradebook";
import { classArgs } from "./args";
import { classRows, ClassRow } from "./classbook";
import { ClassConfig, readClass } from "./config";

const USAGE = `Usage: trainlab export --format canvas|moodle|csv [--class DIR] [--out FILE]
  Writes the class gradebook's scores (after late penalties, with hand-given marks) in a layout an
  LMS imports (see docs/class.md):
  canvas  Student, ID, SIS User ID, SIS Login ID, Section, then one column per assignment named
          "Title (canvasId)", and a "Points Possible" row (Canvas's Gradebook CSV import)
  moodle  username, email, idnumber, then one column per assignment (Moodle's "Import grades: CSV
          file": map users by username, email or idnumber, and each column to a grade item)
  csv     login, name, then per assignment its score, raw score, max and status
  Default --out: DIR/export-FORMAT.csv`;

/** The LMS layouts. */
export type ExportFormat = "canvas" | "moodle" | "csv";

/** The export's text: one row per student of class.json, one column (or group) per assignment collected. */
export function exportGradebook(config: ClassConfig, rows: ClassRow[], format: ExportFormat): string {
  const assignments = Object.keys(config.assignments).filter((a) => rows.some((r) => r.assignment === a));
  const row = (login: string, a: string) => rows.find((r) => r.student === login && r.assignment === a);
  const max = (a: string) => Math.max(0, ...rows.filter((r) => r.assignment === a).map((r) => r.max));
  const score = (login: string, a: string) => String(row(login, a)?.score ?? 0);
  let table: string[][];
  if (format === "canvas") {
    const title = (a: string) => (config.assignments[a].canvasId ? `${a} (${config.assignments[a].canvasId})` : a);
    table = [
      ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ...assignments.map(title)],
      ["Points Possible", "", "", "", "", ...assignments.map((a) => String(max(a)))],
      ...config.students.map((s) => [s.name ?? s.login, s.canvasId ?? "", s.sisId ?? "", s.login, s.section ?? "", ...assignments.map((a) => score(s.login, a))]),
    ];
  } else if (format === "moodle") {
    table = [["username", "email", "idnumber", ...assignments], ...config.students.map((s) => [s.login, s.email ?? "", s.sisId ?? "", ...assignments.map((a) => score(s.login, a))])];
  } else {
    table = [
      ["login", "name", ...assignments.flatMap((a) => [a, `${a} raw`, `${a} max`, `${a} status`])],
      ...config.students.map((s) => [s.login, s.name ?? "", ...assignments.flatMap((a) => [score(s.login, a), String(row(s.login, a)?.raw ?? 0), String(max(a)), row(s.login, a)?.status ?? "not submitted"])]),
    ];
  }
  return table.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** `trainlab export`. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) return console.log(USAGE), 0;
  const { classDir, rest, options } = classArgs(argv, USAGE, ["--format", "--out"]);
  if (rest.length) throw new TrainlabError(USAGE);
  const format = options["--format"]?.[0];
  if (format !== "canvas" && format !== "moodle" && format !== "csv") throw new TrainlabError(`--format must be canvas, moodle or csv (got ${format ?? "nothing"}).\n${USAGE}`);
  const config = readClass(classDir);
  const rows = classRows(classDir, config);
  if (rows.length === 0) throw new TrainlabError("Nothing collected and graded yet: run trainlab collect and trainlab grade-class first.");
  const out = path.resolve(options["--out"]?.[0] ?? path.join(classDir, `export-${format}.csv`));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeAtomic(out, exportGradebook(config, rows, format));
  console.log(`wrote ${out} (${config.students.length} students, ${format})`);
  return 0;
}
