// Drives a running JupyterHub through its own REST API, as an instructor's script would: users,
// servers, per-user tokens, the single-user servers' contents and kernels APIs, and a kernel's
// websocket (Jupyter messaging protocol) to execute cells. Loopback only.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";

/** A client for the hub at `base` (http://127.0.0.1:PORT) with a token. */
export function hubClient(base, token) {
  const call = async (method, path, body, auth = token) => {
    const r = await fetch(base + path, { method, headers: { Authorization: `token ${auth}`, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    call,
    /** Starts a user's server and waits until the hub says it is ready. */
    async startServer(user, timeoutMs = 120000) {
      await call("POST", `/hub/api/users/${user}/server`).catch((e) => {
        if (!/400.*already running/i.test(e.message)) throw e;
      });
      const until = Date.now() + timeoutMs;
      for (;;) {
        const u = await call("GET", `/hub/api/users/${user}`);
        if (u.servers?.[""]?.ready) return u.servers[""].url;
        if (Date.now() > until) throw new Error(`${user}'s server did not become ready in ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 300));
      }
    },
    async stopServer(user) {
      await call("DELETE", `/hub/api/users/${user}/server`).catch(() => undefined);
    },
    /** A token of the user's own (what their browser session would carry). */
    async userToken(user) {
      return (await call("POST", `/hub/api/users/${user}/tokens`, { note: "trainlab class test", expires_in: 3600 })).token;
    },
  };
}

/** The user's single-user server, reached through the hub's proxy with the user's token. */
export function userServer(base, user, token) {
  const prefix = `${base}/user/${user}`;
  const call = async (method, path, body) => {
    const r = await fetch(prefix + path, { method, headers: { Authorization: `token ${token}`, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text && /^[[{]/.test(text.trim()) ? JSON.parse(text) : text };
  };
  return {
    call,
    kernelspecs: async () => (await call("GET", "/api/kernelspecs")).body,
    contents: (path, content = 1) => call("GET", `/api/contents/${encodeURI(path)}?content=${content}`),
    save: (path, model) => call("PUT", `/api/contents/${encodeURI(path)}`, model),
    /** Opens a notebook the way the Notebook page does (the sessions API): a kernel of `name` whose working folder is the notebook's. Resolves to the kernel id. */
    async openNotebook(notebookPath, name) {
      const r = await call("POST", "/api/sessions", { path: notebookPath, type: "notebook", name: "", kernel: { name } });
      if (r.status !== 201) throw new Error(`opening ${notebookPath} with a ${name} kernel for ${user}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.body.kernel.id;
    },
    deleteKernel: (id) => call("DELETE", `/api/kernels/${id}`),
    /** Executes cells one after another on the kernel's websocket; resolves to each cell's reply status and its outputs' text. */
    execute(kernelId, cells, timeoutMs = 120000) {
      const ws = new WebSocket(`${prefix.replace(/^http/, "ws")}/api/kernels/${kernelId}/channels`, { headers: { Authorization: `token ${token}` } });
      const session = randomUUID();
      const results = [];
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => (ws.terminate(), reject(new Error(`${user}: cells did not finish in ${timeoutMs / 1000} s (${results.length} done)`))), timeoutMs);
        let current = null;
        const send = () => {
          if (results.length === cells.length) return clearTimeout(timer), ws.close(), resolve(results);
          const msg_id = randomUUID();
          current = { msg_id, status: null, idle: false, text: "" };
          ws.send(JSON.stringify({ channel: "shell", header: { msg_id, username: user, session, msg_type: "execute_request", version: "5.3", date: new Date().toISOString() }, parent_header: {}, metadata: {}, content: { code: cells[results.length], silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, buffers: [] }));
        };
        const done = () => {
          if (current && current.status && current.idle) {
            results.push({ status: current.status, text: current.text });
            send();
          }
        };
        ws.on("open", send);
        ws.on("error", (e) => (clearTimeout(timer), reject(e)));
        ws.on("message", (data) => {
          const msg = JSON.parse(String(data));
          if (!current || msg.parent_header?.msg_id !== current.msg_id) return;
          const c = msg.content;
          if (msg.msg_type === "execute_reply") current.status = c.status;
          else if (msg.msg_type === "status" && c.execution_state === "idle") current.idle = true;
          else if (msg.msg_type === "stream") current.text += c.text;
          else if (msg.msg_type === "error") current.text += `${c.ename}: ${c.evalue}\n`;
          else if (c?.data?.["text/plain"]) current.text += c.data["text/plain"] + "\n";
          done();
        });
      });
    },
  };
}
