import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { buildAll } from "../lessons";
import { repoRoot } from "./paths";

const USAGE = `Usage: trainlab build [--check] [--instructor DIR]
  Builds lessons/*/lesson.md into notebooks/*.ipynb (student version: solutions stubbed).
  --check           write nothing; exit 1 if a committed notebook is missing or out of date
  --instructor DIR  write the instructor version (solutions kept) into DIR instead`;

/** `trainlab build`: lessons/ → notebooks/. */
export async function main(argv: string[]): Promise<number> {
  let check = false;
  let instructor: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--check") check = true;
    else if (argv[i] === "--instructor") instructor = argv[++i];
    else if (argv[i] === "--help" || argv[i] === "-h") return console.log(USAGE), 0;
    else throw new TrainlabError(`trainlab build: unknown argument ${argv[i]}.\n${USAGE}`);
  }
  if (instructor === "") throw new TrainlabError(`trainlab build: --instructor needs a folder.\n${USAGE}`);
  const root = repoRoot();
  const outDir = instructor ? path.resolve(instructor) : path.join(root, "notebooks");
  const result = buildAll(path.join(root, "lessons"), outDir, { version: instructor ? "instructor" : "student", check });
  if (check) {
    if (result.outOfDate.length > 0) {
      console.error(`Out of date with lessons/: ${result.outOfDate.map((f) => path.relative(root, f)).join(", ")}. Run \`npm run build\` and commit notebooks/.`);
      return 1;
    }
    console.log(`notebooks/ is up to date with lessons/ (${result.unchanged.length} notebooks).`);
    return 0;
  }
  for (const f of result.written) console.log(`wrote ${path.relative(process.cwd(), f)}`);
  if (result.unchanged.length) console.log(`${result.unchanged.length} notebook(s) unchanged`);
  return 0;
}
