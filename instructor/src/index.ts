/**
 * @trainlab/instructor — the tooling around the course, never imported by notebooks: the
 * `trainlab` command line, the lesson build, sandboxed batch grading and the kernel launcher.
 */
export * as grading from "./grading";
export * as lessons from "./lessons";
export { main } from "./cli/main";
