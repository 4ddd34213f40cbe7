import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { classArgs } from "./args";
import { handOut } from "./release";

const USAGE = "Usage: trainlab release CHAPTER --to-homes [--class DIR]";

/** `trainlab release CHAPTER --to-homes [--class DIR]` (called by `trainlab release` without --to-homes in argv). */
export async function main(argv: string[]): Promise<number> {
  const { classDir, rest } = classArgs(argv, USAGE);
  if (rest.length !== 1) throw new TrainlabError(USAGE);
  for (const h of handOut(classDir, rest[0])) console.log(`${h.login}: ${h.action === "written" ? "wrote" : "kept their existing"} ${h.file}`);
  return 0;
}
