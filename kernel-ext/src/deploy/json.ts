import { NON_FINITE_TOKEN, RequestError } from "./validate";

/**
 * Parses a request body as JSON. TF Serving's JSON also allows the bare tokens NaN, Infinity and
 * -Infinity; they are parsed into markers that the input check refuses with their position named,
 * instead of a bare "malformed JSON". Errors never quote more than a short excerpt of the body.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const withTokens = _replaceNonFiniteTokens(text);
    if (withTokens !== undefined) {
      try {
        return JSON.parse(withTokens);
      } catch {
        // fall through: report the original error
      }
    }
    // V8 quotes the start of the input in its message; keep only what was wrong.
    const what = (e as Error).message.replace(/,\s*".*"(\.\.\.)? is not valid JSON$/s, "").slice(0, 120);
    throw new RequestError(400, `Malformed JSON body (${text.length} characters): ${what}.`);
  }
}

const TOKENS = ["-Infinity", "Infinity", "NaN"];

/** Replaces NaN/Infinity/-Infinity outside strings with marker strings; undefined when there are none. */
function _replaceNonFiniteTokens(text: string): string | undefined {
  let out = "";
  let last = 0;
  let inString = false;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 45 /* - */ && c !== 73 /* I */ && c !== 78 /* N */) continue;
    const token = TOKENS.find((t) => text.startsWith(t, i));
    if (!token) continue;
    out += text.slice(last, i) + JSON.stringify(NON_FINITE_TOKEN + token);
    i += token.length - 1;
    last = i + 1;
    found = true;
  }
  return found ? out + text.slice(last) : undefined;
}
