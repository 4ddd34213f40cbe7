import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/** A student's account on this machine, as the class commands need it. */
export interface LocalUser {
  login: string;
  uid: number;
  gid: number;
  home: string;
}

/** Looks a local user up in /etc/passwd (getent); null when there is none. */
export function localUser(login: string): LocalUser | null {
  checkLogin(login);
  const r = spawnSync("getent", ["passwd", login], { encoding: "utf8" });
  if (r.status !== 0 || !r.stdout) return null;
  const [, , uid, gid, , home] = r.stdout.trim().split(":");
  return { login, uid: Number(uid), gid: Number(gid), home };
}

/** The user, or a TrainlabError saying how to create them. */
export function requireUser(login: string): LocalUser {
  const user = localUser(login);
  if (!user) throw new TrainlabError(`There is no local user "${login}" on this machine; create the class's users with \`trainlab hub setup\` (or useradd -m ${login}).`);
  return user;
}

/**
 * Makes sure each login exists with a private home: `useradd -m` where missing, then the home set
 * to 0700 — with the 0755 homes useradd makes, one student's kernel can read another's files.
 * Needs root. Returns the users.
 */
export function ensureUsers(logins: string[]): LocalUser[] {
  if (process.getuid?.() !== 0) throw new TrainlabError("Creating the class's users and locking their homes needs root; run this as root (sudo).");
  return logins.map((login) => {
    if (!localUser(login)) {
      const r = spawnSync("useradd", ["-m", "-s", "/bin/bash", login], { encoding: "utf8" });
      if (r.status !== 0) throw new TrainlabError(`useradd -m ${login} failed: ${r.stderr.trim()}`);
    }
    const user = requireUser(login);
    lockHome(user);
    return user;
  });
}

/** Sets a home to 0700 (owner only) so no classmate's process can list or read it. */
export function lockHome(user: LocalUser): void {
  if (!fs.existsSync(user.home)) throw new TrainlabError(`${user.login}'s home ${user.home} does not exist; create it (useradd -m) first.`);
  fs.chmodSync(user.home, 0o700);
}

/** A login must be a plain POSIX user name: it becomes a path and a command argument. */
export function checkLogin(login: string): void {
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(login)) throw new TrainlabError(`"${login}" is not a valid login (lower-case letters, digits, _ and -, starting with a letter or _, at most 32 characters).`);
}
