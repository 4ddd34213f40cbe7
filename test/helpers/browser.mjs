// Headless Chromium (Debian's) for tests: the DOM after scripts ran, and screenshots.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error("Chromium is not installed: run `npm run setup` (it installs Debian's chromium) or set CHROMIUM.");
}

function flags() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-chromium-"));
  return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--virtual-time-budget=20000"];
}

const url = (page) => (/^https?:/.test(page) ? page : `file://${page}`);

/** The page's DOM (a file or an http URL) after its scripts ran (plots drawn), as HTML text. */
export function renderedDom(page) {
  const r = spawnSync(chromiumPath(), [...flags(), "--dump-dom", url(page)], { encoding: "utf8", maxBuffer: 256 << 20, timeout: 120000 });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Saves a PNG screenshot of the page. */
export function screenshot(file, png, { width = 1100, height = 3000 } = {}) {
  const r = spawnSync(chromiumPath(), [...flags(), `--window-size=${width},${height}`, `--screenshot=${png}`, url(file)], { encoding: "utf8", timeout: 120000 });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr}`);
}
