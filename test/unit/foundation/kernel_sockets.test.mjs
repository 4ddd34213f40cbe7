// The kernel's sockets send one message at a time: zeromq 6 throws EBUSY on a send while another is in progress.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { queued, queueSocketSends } = require("../../../instructor/dist/kernel/sockets.js");

/** A socket like zeromq 6's: `send` read-only on its class, and a send while one is in progress throws "busy". */
function zmqLikeSocket() {
  const state = { busy: false };
  const proto = Object.freeze({
    send(frames) {
      if (state.busy) throw Object.assign(new Error("Socket is busy writing; only one send operation may be in progress at any time"), { code: "EBUSY" });
      state.busy = true;
      return new Promise((resolve) => setTimeout(() => { state.busy = false; this.sent.push(frames); resolve(); }, 2));
    },
    async bind() {
      return "bound";
    },
  });
  return Object.assign(Object.create(proto), { sent: [] });
}

describe("kernel sockets", () => {
  it("the raw socket throws on back-to-back sends (as tslab sends an error then an idle status)", () => {
    const socket = zmqLikeSocket();
    assert.throws(() => { socket.send = () => {}; }, /read only/, "like zeromq, send cannot be replaced");
    socket.send(["error"]);
    assert.throws(() => socket.send(["idle"]), /busy writing/);
  });

  it("a queued socket sends back-to-back messages in order, and keeps the socket's other methods", async () => {
    const socket = zmqLikeSocket();
    const q = queued(socket);
    for (let i = 0; i < 20; i++) q.send([`m${i}`]);
    await q.send(["last"]);
    assert.deepEqual(socket.sent.map((f) => f[0]), [...Array.from({ length: 20 }, (_, i) => `m${i}`), "last"]);
    assert.equal(await q.bind(), "bound");
  });

  it("queueSocketSends wraps the sockets a server creates later", async () => {
    const server = {};
    queueSocketSends(server);
    server.iopub = zmqLikeSocket();
    server.iopub.send(["a"]);
    await server.iopub.send(["b"]);
    assert.deepEqual(server.iopub.sent, [["a"], ["b"]]);
  });
});
