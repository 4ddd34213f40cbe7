/**
 * Claims: a number, comparison or trend that a chapter's prose states about an output, tied to
 * the value the executed notebook computed, so a change of data, seed or code that breaks the
 * sentence fails the test suite.
 *
 * In lesson.md the prose marks the claim, `levels off at [0.97]{claim=lcLast tol=0.01}`, and a
 * ```` ```ts claims ```` block after the cells that compute it says where the value comes from:
 * `lcLast: lcLogistic.testMean.at(-1),`. Student and instructor notebooks show the text only
 * (`levels off at 0.97`) and leave the block out; the build with `claims: true` turns each block
 * into a cell that prints its values on one line, which the notebooks test reads.
 */
import { TrainlabError } from "@trainlab/kernel-ext/dist/errors";

/** One claim as the prose marks it. */
export interface ClaimMarker {
  /** The claim's name: a key of a ```ts claims block. */
  name: string;
  /** The text the learner reads, e.g. "0.97", "21.8×", "keeps rising". */
  text: string;
  /**
   * The number stated in `text` when it states exactly one (commas and signs handled); null for a
   * claim of a fact — no number, or a range such as "between 10⁻² and 10⁻¹" — whose value must be `true`.
   */
  stated: number | null;
  /** Largest allowed |value − stated|: `tol=` when given, else half a unit of the last digit shown. */
  tolerance: number;
  /** Line in lesson.md (1-based). */
  line: number;
}

const MARKER = /\[([^\][\n]+)\]\{claim=([A-Za-z][A-Za-z0-9_]*)(?:\s+tol=([0-9.eE+-]+))?\}/g;
const NUMBER = /[−-]?\d[\d,]*(?:\.\d+)?/g;
// In running prose: a minus only as a sign (not "chapter-7"), no digits inside words ("sha256", "L2", "4xx").
const PROSE_NUMBER = /(?<![\w.−-])[−-]?\d[\d,]*(?:\.\d+)?(?![\w])/g;

/** The first line printed by a claims cell starts with this; the rest of the line is JSON. */
export const CLAIMS_PREFIX = "trainlab-claims ";

/** The prose without claim markers: `[0.97]{claim=x}` → `0.97`. */
export function stripClaimMarkers(markdown: string): string {
  return markdown.replace(MARKER, (_, text: string) => text);
}

/** Every claim marker in a lesson's text, in order. Throws on a `tol=` given to a text with several numbers. */
export function claimMarkers(lessonText: string, file = "lesson.md"): ClaimMarker[] {
  const markers: ClaimMarker[] = [];
  lessonText.replace(/\r\n/g, "\n").split("\n").forEach((line, i) => {
    if (line.replace(MARKER, "").includes("{claim=")) {
      throw new TrainlabError(`${file}:${i + 1}: a claim marker is not complete on this line; write [text]{claim=name} or [text]{claim=name tol=0.01} on one line.`);
    }
    for (const m of line.matchAll(MARKER)) {
      const [, text, name, tol] = m;
      const numbers = text.match(NUMBER) ?? [];
      if (numbers.length > 1 && tol !== undefined) {
        throw new TrainlabError(`${file}:${i + 1}: the claim "${text}" states ${numbers.length} numbers but has a tol=: mark one number per numeric claim.`);
      }
      const shown = numbers.length === 1 ? numbers[0] : undefined;
      const stated = shown === undefined ? null : Number(shown.replace(/,/g, "").replace("−", "-"));
      const decimals = shown?.split(".")[1]?.length ?? 0;
      const tolerance = tol !== undefined ? Number(tol) : stated === null ? 0 : 0.5 * 10 ** -decimals;
      if (!Number.isFinite(tolerance) || tolerance < 0) throw new TrainlabError(`${file}:${i + 1}: tol=${tol} is not a number >= 0.`);
      markers.push({ name, text, stated, tolerance, line: i + 1 });
    }
  });
  return markers;
}

/** The cell a ```ts claims block becomes in the build with claims: it prints `trainlab-claims {json}`. */
export function claimsCellSource(block: string): string {
  return `console.log(${JSON.stringify(CLAIMS_PREFIX)} + JSON.stringify({\n${block}\n}));`;
}

/** A claim's verdict: whether `value` (from the executed notebook) agrees with what the prose states. */
export function claimHolds(marker: ClaimMarker, value: unknown): boolean {
  if (marker.stated === null) return value === true;
  return typeof value === "number" && Math.abs(value - marker.stated) <= marker.tolerance + 1e-12;
}

/** A number in a lesson's prose that no claim marker covers. */
export interface UnclaimedNumber {
  /** As written, e.g. "1,797". */
  number: string;
  /** Line in lesson.md (1-based). */
  line: number;
  /** The line's text, for the message. */
  context: string;
}

/**
 * The numbers a lesson's prose states outside claim markers: what the claims coverage test
 * compares with the chapter's givens (inputs, data-set facts, definitions, references). Code
 * blocks, headings, exercise statements (their tests check them), inline code and link targets
 * are not prose.
 */
export function unclaimedNumbers(lessonText: string): UnclaimedNumber[] {
  const out: UnclaimedNumber[] = [];
  const lines = lessonText.replace(/\r\n/g, "\n").split("\n");
  let fence: string | null = null;
  let exercise = false;
  lines.forEach((raw, i) => {
    const open = /^(`{3,})/.exec(raw);
    if (fence !== null) {
      if (open && open[1].length >= fence.length && raw.trim() === open[1]) fence = null;
      return;
    }
    if (open) {
      fence = open[1];
      return;
    }
    if (raw.trim() === "") {
      exercise = false;
      return;
    }
    if (/^\*\*Exercise \d+\.\d+\.\*\*/.test(raw)) exercise = true;
    if (exercise || /^#/.test(raw) || /^<!--/.test(raw)) return;
    const prose = raw.replace(MARKER, " ").replace(/`[^`]*`/g, " ").replace(/\]\([^)]*\)/g, "] ").replace(/\d+(?:\.\d+){2,}/g, " ");
    for (const m of prose.matchAll(PROSE_NUMBER)) out.push({ number: m[0].replace(/[.,]$/, ""), line: i + 1, context: raw.trim() });
  });
  return out;
}
