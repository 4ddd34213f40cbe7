import { displayBundle, escapeHtml } from "./jupyter";

/** Shows markdown text (rendered by the frontend); prints it as is in a terminal. */
export function markdown(text: string): void {
  if (!displayBundle({ "text/markdown": text, "text/plain": text })) console.log(text);
}

/** Shows HTML; prints its text (tags removed) in a terminal. */
export function html(content: string): void {
  const text = content.replace(/<[^>]*>/g, "").replace(/\n{3,}/g, "\n\n").trim();
  if (!displayBundle({ "text/html": content, "text/plain": text })) console.log(text);
}

