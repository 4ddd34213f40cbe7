import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { gradebookCsv, mergeGradebooks, parseGradebook, writeAtomic } from "../grading/gradebook";

const USAGE = `Usage: trainlab merge GRADEBOOK... [--out FILE]
  Combines the gradebook.csv files of grading shards (trainlab grade --shard i/n) into one,
  sorted by student. A student graded differently in two files is an error.
  --out FILE   where to write (default gradebook.csv)`;

/** `trainlab merge`. */
export async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  let out = "gradebook.csv";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--help" || argv[i] === "-h") return console.log(USAGE), 0;
    if (argv[i] === "--out") out = argv[++i] ?? "";
    else if (argv[i].startsWith("-")) throw new TrainlabError(`unknown option ${argv[i]}.\n${USAGE}`);
    else files.push(argv[i]);
  }
  if (files.length === 0 || !out) throw new TrainlabError(USAGE);
  const books = files.map((file) => {
    if (!fs.existsSync(file)) throw new TrainlabError(`No gradebook at ${file}.`);
    return { file, rows: parseGradebook(fs.readFileSync(file, "utf8"), file) };
  });
  const rows = mergeGradebooks(books);
  writeAtomic(path.resolve(out), gradebookCsv(rows));
  const students = new Set(rows.map((r) => r[0])).size;
  console.log(`merged ${files.length} gradebook(s): ${students} student(s), ${rows.length} row(s) → ${out}`);
  return 0;
}
