import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";
import { repoRoot } from "../paths";
import { classPaths, readClass } from "./config";
import { ensureUsers } from "./users";

const USAGE = `Usage: trainlab hub setup [--class DIR] [--port P] [--auth pam|dummy]
  Sets up a JupyterHub (Debian's jupyterhub 3.0) for the class in DIR/class.json (default .):
  creates each student as a local user (useradd -m) with a 0700 home, makes the course's
  instructor-only files (hidden tests, rubrics, lesson sources, solutions) owner-only, and writes
  DIR/hub/jupyterhub_config.py and DIR/hub/api-token (the "trainlab" service's admin token, 0600).
  Then start the hub with:  jupyterhub -f DIR/hub/jupyterhub_config.py
  --port P      the hub's public port on 127.0.0.1 (default 8000); P+1 is the proxy's API, P+2 the hub's
  --auth        pam (default: students log in with their system password) or dummy (any password; tests only)`;

/** Options of {@link hubConfig}. */
export interface HubConfigOptions {
  /** The course checkout (its kernel/ and node_modules/). */
  course: string;
  /** Logins allowed on the hub. */
  users: string[];
  /** The hub's folder: its database, cookie secret, proxy pid file and api-token. */
  dir: string;
  /** Public port on 127.0.0.1; P+1 is the proxy's API, P+2 the hub itself. Default 8000. */
  port?: number;
  /** "pam" (system passwords, default) or "dummy" (any password: for tests only). */
  auth?: "pam" | "dummy";
}

/**
 * The text of a jupyterhub_config.py for the class: local users spawned as themselves with their
 * home as notebook folder, the Trainlab kernel on JUPYTER_PATH, Debian's proxy run with Debian's
 * node modules, and a "trainlab" service whose token (read from DIR/api-token) may manage users,
 * servers and tokens — the instructor's commands and the class test drive the hub with it.
 */
export function hubConfig(options: HubConfigOptions): string {
  const port = options.port ?? 8000;
  const py = (s: string) => JSON.stringify(s);
  return `# Written by \`trainlab hub setup\`: JupyterHub ${"3.0"} for a Trainlab class. Start: jupyterhub -f ${options.dir}/jupyterhub_config.py
import os
here = ${py(options.dir)}
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = ${port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = ${port + 2}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${port + 1}"
# Debian's proxy needs Debian's node modules when \`node\` is another Node ("Cannot find module 'commander'").
c.ConfigurableHTTPProxy.command = ["env", "NODE_PATH=/usr/share/nodejs", "configurable-http-proxy"]
c.ConfigurableHTTPProxy.pid_file = os.path.join(here, "proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(here, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(here, "jupyterhub_cookie_secret")
c.JupyterHub.authenticator_class = ${py(options.auth ?? "pam")}
c.Authenticator.allowed_users = set(${JSON.stringify(options.users)})
# Each student's server runs as their own uid, in their (0700) home, and finds the Trainlab kernel.
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/tree"
c.Spawner.environment = {"JUPYTER_PATH": ${py(path.join(options.course, "kernel"))}}
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
with open(os.path.join(here, "api-token")) as f:
    _token = f.read().strip()
c.JupyterHub.services = [{"name": "trainlab", "api_token": _token}]
c.JupyterHub.load_roles = [{
    "name": "trainlab-instructor",
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"],
    "services": ["trainlab"],
}]
`;
}

/** Files of the course only the instructor may read: hidden tests, rubrics, lesson sources (they hold the solutions), the self-paced solutions. */
export const INSTRUCTOR_ONLY = ["lessons/*/hidden.ts", "lessons/*/written.json", "lessons/*/lesson.md", "notebooks/.solutions"];

/**
 * Makes the course's instructor-only files unreadable by students (owner-only modes): on a hub
 * every student's kernel can read the shared course folder, and lab.check needs lessons/NN/checks.ts
 * from it — but never hidden.ts, written.json, lesson.md (solutions) or notebooks/.solutions/.
 * Returns the paths it locked.
 */
export function lockInstructorFiles(course: string): string[] {
  const locked: string[] = [];
  const lessons = path.join(course, "lessons");
  for (const chapter of fs.existsSync(lessons) ? fs.readdirSync(lessons) : []) {
    for (const name of ["hidden.ts", "written.json", "lesson.md"]) {
      const file = path.join(lessons, chapter, name);
      if (fs.existsSync(file)) fs.chmodSync(file, 0o600), locked.push(file);
    }
  }
  const solutions = path.join(course, "notebooks", ".solutions");
  if (fs.existsSync(solutions)) fs.chmodSync(solutions, 0o700), locked.push(solutions);
  return locked;
}

/** Creates the users (0700 homes) and writes DIR/hub/: jupyterhub_config.py and api-token. Returns the config file. */
export function setupHub(classDir: string, options: { port?: number; auth?: "pam" | "dummy"; course?: string } = {}): { config: string; token: string } {
  const config = readClass(classDir);
  const logins = config.students.map((s) => s.login);
  ensureUsers(logins);
  lockInstructorFiles(options.course ?? repoRoot());
  const dir = path.join(classPaths(classDir).root, "hub");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const tokenFile = path.join(dir, "api-token");
  if (!fs.existsSync(tokenFile)) fs.writeFileSync(tokenFile, randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
  const file = path.join(dir, "jupyterhub_config.py");
  fs.writeFileSync(file, hubConfig({ course: options.course ?? repoRoot(), users: logins, dir, port: options.port, auth: options.auth }));
  return { config: file, token: tokenFile };
}

/** `trainlab hub setup`. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h") || argv[0] !== "setup") {
    console.log(USAGE);
    return argv[0] === "setup" || argv.includes("--help") || argv.includes("-h") ? 0 : 2;
  }
  let classDir = ".";
  let port: number | undefined;
  let auth: "pam" | "dummy" = "pam";
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (argv[i + 1] === undefined) throw new TrainlabError(`${a} needs a value.\n${USAGE}`);
      return argv[++i];
    };
    if (a === "--class") classDir = value();
    else if (a === "--port") {
      port = Number(value());
      if (!Number.isInteger(port) || port < 1 || port > 65533) throw new TrainlabError(`--port must be a port number below 65534 (got ${argv[i]}).`);
    } else if (a === "--auth") {
      const v = value();
      if (v !== "pam" && v !== "dummy") throw new TrainlabError(`--auth must be pam or dummy (got ${v}).`);
      auth = v;
    } else throw new TrainlabError(`unknown argument ${a}.\n${USAGE}`);
  }
  const { config } = setupHub(classDir, { port, auth });
  console.log(`wrote ${config} (students' homes are 0700; instructor-only course files are owner-only: ${INSTRUCTOR_ONLY.join(", ")})`);
  console.log(`start the hub with: jupyterhub -f ${config}`);
  return 0;
}
