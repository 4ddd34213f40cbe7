import * as fs from "fs";
import * as path from "path";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { checkLogin } from "./users";

/** One student of the class: their login on the hub and what an LMS knows them by. */
export interface Student {
  /** Local (hub) login; names their home, their collected folder and their gradebook rows. */
  login: string;
  /** Display name ("Ames, Amy"); Canvas's "Student" column. Default: the login. */
  name?: string;
  /** Canvas's numeric user id ("ID" column). */
  canvasId?: string;
  /** SIS user id (Canvas "SIS User ID", Moodle "idnumber"). */
  sisId?: string;
  /** Canvas section name. */
  section?: string;
  /** E-mail address (Moodle can map by it). */
  email?: string;
}

/** How lateness is charged. */
export type LatePolicy =
  | { policy: "none" }
  /** `percent` of the score per started day late; after `maxDays` days (if set) the score is 0. */
  | { policy: "per-day"; percent: number; maxDays?: number }
  /** Nothing is accepted after `cutoff` (ISO time); between the deadline and the cut-off no penalty. */
  | { policy: "cutoff"; cutoff?: string };

/** One assignment (a chapter) of the class. */
export interface Assignment {
  /** Deadline, ISO 8601 with a time zone ("2026-12-01T23:59:00Z"). */
  deadline: string;
  /** Default: no penalty. */
  late?: LatePolicy;
  /** Per-student deadline extensions: login → new deadline (ISO). */
  extensions?: Record<string, string>;
  /** The assignment's id in Canvas (its gradebook column "Name (id)"). */
  canvasId?: string;
}

/** class.json: the class a week's commands work on. */
export interface ClassConfig {
  /** The students, in roster order. */
  students: Student[];
  /** Per chapter slug ("00-getting-started"). */
  assignments: Record<string, Assignment>;
  /** The folder in each student's home that chapters are handed out to. Default "trainlab". */
  folder?: string;
}

/** The class folder's layout: class.json and everything the commands write beside it. */
export function classPaths(dir: string, slug?: string) {
  const root = path.resolve(dir);
  return {
    root,
    config: path.join(root, "class.json"),
    release: path.join(root, "release"),
    collected: slug ? path.join(root, "collected", slug) : path.join(root, "collected"),
    grades: slug ? path.join(root, "grades", slug) : path.join(root, "grades"),
    manual: slug ? path.join(root, "manual", `${slug}.json`) : path.join(root, "manual"),
    history: path.join(root, "history.jsonl"),
    gradebook: path.join(root, "gradebook.csv"),
  };
}

/** Reads and checks DIR/class.json; every problem is a TrainlabError naming the field. */
export function readClass(dir: string): ClassConfig {
  const file = classPaths(dir).config;
  if (!fs.existsSync(file)) throw new TrainlabError(`No class.json in ${path.resolve(dir)}; write one (see docs/class.md) or pass --class DIR.`);
  let config: ClassConfig;
  try {
    config = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new TrainlabError(`${file} is not valid JSON (${(e as Error).message}).`);
  }
  if (!config || !Array.isArray(config.students) || config.students.length === 0) throw new TrainlabError(`${file}: "students" must be a non-empty list of {"login": …}.`);
  const seen = new Set<string>();
  for (const s of config.students) {
    checkLogin(s?.login);
    if (seen.has(s.login)) throw new TrainlabError(`${file}: student "${s.login}" is listed twice.`);
    seen.add(s.login);
  }
  if (!config.assignments || typeof config.assignments !== "object") throw new TrainlabError(`${file}: "assignments" must map chapter folders ("00-getting-started") to {"deadline": …}.`);
  for (const [slug, a] of Object.entries(config.assignments)) checkAssignment(a, `${file}: assignments["${slug}"]`, seen);
  return config;
}

/** The assignment of a chapter, or a TrainlabError saying what to add. */
export function assignmentOf(config: ClassConfig, slug: string): Assignment {
  const a = config.assignments[slug];
  if (!a) throw new TrainlabError(`class.json has no assignment "${slug}"; add "assignments": {"${slug}": {"deadline": "2026-12-01T23:59:00Z"}}.`);
  return a;
}

/** Milliseconds since the epoch of an ISO time; a TrainlabError when it is not one (a time zone is required). */
export function parseTime(text: unknown, where: string): number {
  const t = typeof text === "string" && /(Z|[+-]\d\d:?\d\d)$/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(t)) throw new TrainlabError(`${where} must be an ISO 8601 time with a time zone, like "2026-12-01T23:59:00Z" (got ${JSON.stringify(text)}).`);
  return t;
}

function checkAssignment(a: Assignment, where: string, students: Set<string>): void {
  parseTime(a?.deadline, `${where}.deadline`);
  const late = a.late ?? { policy: "none" };
  if (late.policy === "per-day") {
    if (!(late.percent >= 0 && late.percent <= 100)) throw new TrainlabError(`${where}.late.percent must be between 0 and 100 (got ${JSON.stringify(late.percent)}).`);
    if (late.maxDays !== undefined && !(Number.isInteger(late.maxDays) && late.maxDays >= 0)) throw new TrainlabError(`${where}.late.maxDays must be a whole number of days ≥ 0.`);
  } else if (late.policy === "cutoff") {
    if (late.cutoff !== undefined && parseTime(late.cutoff, `${where}.late.cutoff`) < parseTime(a.deadline, `${where}.deadline`)) throw new TrainlabError(`${where}.late.cutoff is before the deadline.`);
  } else if (late.policy !== "none") throw new TrainlabError(`${where}.late.policy must be "none", "per-day" or "cutoff" (got ${JSON.stringify((late as { policy: unknown }).policy)}).`);
  for (const [login, time] of Object.entries(a.extensions ?? {})) {
    if (!students.has(login)) throw new TrainlabError(`${where}.extensions names "${login}", who is not in "students".`);
    parseTime(time, `${where}.extensions["${login}"]`);
  }
}
