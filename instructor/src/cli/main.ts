import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/** Each command is a module exporting `main(argv): Promise<number>`, loaded only when used. */
const COMMANDS: Record<string, { module: string; summary: string }> = {
  build: { module: "./build", summary: "build lessons/ into notebooks/ (--check, --instructor DIR)" },
  run: { module: "./run", summary: "execute a notebook headless in real Jupyter and write the executed copy" },
  "bench-all": { module: "../bench/bench-all", summary: "every benchmark in one run (npm run bench): refuses on a busy machine unless --force" },
  bench: { module: "../bench/bench", summary: "benchmark training on every backend against PyTorch" },
  "bench-grading": { module: "../bench/bench-grading", summary: "benchmark grading throughput (submissions/minute, overhead per submission)" },
  "bench-serve": { module: "../bench/bench-serve", summary: "load-test the prediction server (latency percentiles, req/s, malformed traffic, RSS)" },
  "bench-kernel": { module: "../bench/bench-kernel", summary: "benchmark cell latency: Trainlab's kernel against plain tslab and a node REPL" },
  serve: { module: "./serve", summary: "serve a saved model over HTTP (TF-Serving REST API)" },
  release: { module: "./release", summary: "write the student release of chapters with a manifest" },
  grade: { module: "./grade", summary: "grade submissions with hidden tests in a sandbox" },
  merge: { module: "./merge", summary: "merge the gradebooks of grading shards" },
  hub: { module: "./class/hub", summary: "set up a JupyterHub for a class: users with private homes, the kernel, an instructor token" },
  collect: { module: "./class/collect", summary: "collect a chapter from the students' homes with submission times and sha256" },
  "grade-class": { module: "./class/grade-class", summary: "grade (or regrade) a class's collected chapter: late policy, manual marks, history" },
  manual: { module: "./class/manual", summary: "grade written answers by hand in a local web page" },
  feedback: { module: "./class/feedback", summary: "write each student's feedback page into their home (hidden results after the deadline)" },
  export: { module: "./class/export", summary: "export the class gradebook for Canvas, Moodle or as CSV" },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ["Usage: trainlab COMMAND [options]   (trainlab COMMAND --help for its options)", "", ...Object.entries(COMMANDS).map(([c, { summary }]) => `  ${c.padEnd(width)}  ${summary}`)].join("\n");
}

/** Runs the `trainlab` command line; resolves to the exit code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`trainlab: unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  let mod: { main(argv: string[]): Promise<number> };
  try {
    mod = require(command.module);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((e as Error).message).includes(command.module.slice(2))) {
      console.error(`trainlab ${name}: this command is not available in this version of Trainlab.`);
      return 2;
    }
    throw e;
  }
  try {
    return await mod.main(rest);
  } catch (e) {
    if (e instanceof TrainlabError) {
      console.error(`trainlab ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
