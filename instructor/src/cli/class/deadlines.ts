import type { Assignment } from "./config";
import { parseTime } from "./config";

const DAY_MS = 24 * 60 * 60 * 1000;

/** How late a submission was, and what that costs under the assignment's policy. */
export interface Lateness {
  /** The student's deadline (ISO): the assignment's, or their extension. */
  deadline: string;
  /** Whole days late, each started day counted (0 when on time). */
  daysLate: number;
  /** Percent of the score taken off (0–100). */
  penaltyPercent: number;
  /** False when the policy refuses it (after the cut-off, or more than maxDays late): it scores 0. */
  accepted: boolean;
  /** One line for the gradebook and the feedback page. */
  note: string;
}

/**
 * Applies an assignment's late policy to a submission time (ms since the epoch) of one student:
 * "none" never charges; "per-day" takes `percent` per started day after the deadline (a second
 * late is one day), 100% after `maxDays`; "cutoff" accepts everything up to the cut-off (default:
 * the deadline) and nothing after. An extension replaces the deadline (and moves a cut-off that
 * would fall before it).
 */
export function lateness(submitted: number, assignment: Assignment, login: string): Lateness {
  const extension = assignment.extensions?.[login];
  const deadlineText = extension ?? assignment.deadline;
  const deadline = parseTime(deadlineText, "deadline");
  const late = assignment.late ?? { policy: "none" as const };
  const daysLate = submitted > deadline ? Math.ceil((submitted - deadline) / DAY_MS) : 0;
  const base = { deadline: new Date(deadline).toISOString(), daysLate };
  const ext = extension ? " (extended)" : "";
  if (late.policy === "per-day") {
    if (late.maxDays !== undefined && daysLate > late.maxDays) return { ...base, penaltyPercent: 100, accepted: false, note: `${daysLate} day(s) late, more than the ${late.maxDays} accepted: 0` };
    const penaltyPercent = Math.min(100, daysLate * late.percent);
    return { ...base, penaltyPercent, accepted: true, note: daysLate ? `${daysLate} day(s) late${ext}: −${penaltyPercent}%` : `on time${ext}` };
  }
  if (late.policy === "cutoff") {
    const cutoff = Math.max(late.cutoff ? parseTime(late.cutoff, "cutoff") : deadline, deadline);
    if (submitted > cutoff) return { ...base, penaltyPercent: 100, accepted: false, note: `after the cut-off ${new Date(cutoff).toISOString()}${ext}: not accepted` };
    return { ...base, penaltyPercent: 0, accepted: true, note: daysLate ? `late${ext}, before the cut-off: no penalty` : `on time${ext}` };
  }
  return { ...base, penaltyPercent: 0, accepted: true, note: daysLate ? `${daysLate} day(s) late${ext} (no late policy)` : `on time${ext}` };
}

/** The score after the late penalty, rounded to 1/100 of a point. */
export function penalised(raw: number, late: Lateness): number {
  return late.accepted ? Math.round(raw * (100 - late.penaltyPercent)) / 100 : 0;
}
