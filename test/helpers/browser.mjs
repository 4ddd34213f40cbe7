// Headless Chromium (Debian's) for tests: the DOM after scripts ran, screenshots, a page driven
// by puppeteer-core, and the Jupyter server `npm start` runs.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
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

/**
 * Debian's Chromium driven by puppeteer-core (no browser download), headless, for tests that
 * click through a page. Close it with `browser.close()`.
 */
export async function launchBrowser({ width = 1200, height = 900 } = {}) {
  const { default: puppeteer } = await import("puppeteer-core");
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    defaultViewport: { width, height },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `npm start` (bin/start.sh: classic Notebook on notebooks/ with the Trainlab kernel) on a
 * free loopback port with a token; resolves when its API answers. `stop()` ends its process group.
 */
export async function startNotebookServer(root, { token = "trainlab-test", timeoutMs = 60000 } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn("bash", [path.join(root, "bin", "start.sh"), `--NotebookApp.token=${token}`], {
    env: { ...process.env, TRAINLAB_PORT: String(port), DISPLAY: "" },
    detached: true,
    stdio: "ignore",
  });
  const api = (p, init = {}) => fetch(`${base}${p}`, { ...init, headers: { Authorization: `token ${token}`, ...(init.headers ?? {}) } });
  const stop = () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await api("/api")).ok) break;
    } catch {
      /* not listening yet */
    }
    if (server.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`Jupyter (npm start) did not answer within ${timeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, token, api, stop };
}
