import type { LocalUser } from "./users";

/**
 * Runs `fn` synchronously with the user's effective uid, gid and groups, then restores root's:
 * what the instructor's command reads from or writes into a student's home is what the student
 * could reach — a link planted there to /etc/shadow or a classmate's file fails as it would for
 * them. `fn` must not await (the switch is process-wide).
 */
export function asUser<T>(user: LocalUser, fn: () => T): T {
  if (process.geteuid?.() !== 0) return fn();
  const groups = process.getgroups!();
  const egid = process.getegid!();
  process.setgroups!([user.gid]);
  process.setegid!(user.gid);
  process.seteuid!(user.uid);
  try {
    return fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(egid);
    process.setgroups!(groups);
  }
}
