// Loopback-only helpers for the prediction-server tests: plain HTTP requests and raw sockets.
import * as http from "node:http";
import * as net from "node:net";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
export const lab = require("../../../kernel-ext/dist/index.js");
export const tf = require("@tensorflow/tfjs");
export const root = fileURLToPath(new URL("../../../", import.meta.url));

/** One HTTP request over loopback; resolves with status, headers, the parsed JSON body and when it ended. */
export function request(url, { method = "GET", body, headers = {}, agent = false } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, json, text, at: performance.now() });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** POST of a JSON body to url. */
export const post = (url, body, headers = {}) => request(url, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers });

/**
 * Writes `head` on a raw socket, then calls `feed(socket)` (may write more, forever) and collects
 * what the server sends until it closes the socket or `timeoutMs` passes. Resolves with the
 * response text, bytes written by `feed`, and how the socket ended.
 */
export function raw(port, head, { feed, timeoutMs = 10000 } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let data = "";
    let written = 0;
    let ended = "";
    const t0 = performance.now();
    const done = (how) => {
      if (ended) return;
      ended = how;
      clearTimeout(timer);
      s.destroy();
      resolve({ text: data, written, how, ms: performance.now() - t0 });
    };
    const timer = setTimeout(() => done("timeout"), timeoutMs);
    s.on("connect", () => {
      s.write(head);
      if (feed) feed(s, (n) => (written += n), () => ended);
    });
    s.on("data", (c) => (data += c.toString("latin1")));
    s.on("end", () => done("closed"));
    s.on("close", () => done("closed"));
    s.on("error", (e) => done(e.code));
  });
}

/** The status line's code and the JSON body of a raw HTTP response text (the last response in it). */
export function parseRaw(text) {
  const at = text.lastIndexOf("HTTP/1.1 ");
  const status = at >= 0 ? Number(text.slice(at + 9, at + 12)) : 0;
  const bodyAt = text.indexOf("\r\n\r\n", at);
  let json;
  try { json = JSON.parse(text.slice(bodyAt + 4)); } catch { json = undefined; }
  return { status, json, all: text };
}

/** The shipped Fashion-MNIST base model (28×28×1 → 5 classes) and its card. */
export function loadFashion() {
  return lab.deploy.loadWithCard(`${root}models/fashion-base`);
}

/** A 28×28×1 image with pixel value v, optionally one pixel replaced. */
export function image(v = 0.5, at, value) {
  const img = Array.from({ length: 28 }, () => Array.from({ length: 28 }, () => [v]));
  if (at) img[at[0]][at[1]][0] = value;
  return img;
}

/** Polls `cond` every 5 ms until it holds or `ms` passes; resolves with whether it held. */
export async function until(cond, ms = 20000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}
