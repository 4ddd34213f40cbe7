import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/**
 * Parses a class command line: `--class DIR` (default "."), the value options in `valued` (each may
 * repeat: `--student a --student b`), the switches in `switches`; the rest are positional. Any
 * other option is a TrainlabError with the usage.
 */
export function classArgs(argv: string[], usage: string, valued: string[] = [], switches: string[] = []): { classDir: string; rest: string[]; options: Record<string, string[]>; on: Set<string> } {
  let classDir = ".";
  const rest: string[] = [];
  const options: Record<string, string[]> = {};
  const on = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--class" || valued.includes(a)) {
      if (argv[i + 1] === undefined || argv[i + 1].startsWith("--")) throw new TrainlabError(`${a} needs a value.\n${usage}`);
      if (a === "--class") classDir = argv[++i];
      else (options[a] ??= []).push(argv[++i]);
    } else if (switches.includes(a)) on.add(a);
    else if (a.startsWith("-")) throw new TrainlabError(`unknown option ${a}.\n${usage}`);
    else rest.push(a);
  }
  return { classDir, rest, options, on };
}
