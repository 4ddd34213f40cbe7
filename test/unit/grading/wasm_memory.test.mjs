// A grading child's WebAssembly memory under its address-space cap: V8 reserves a memory's
// declared maximum up front (tfjs' wasm backend declares 4 GiB); under `prlimit --as` that fails,
// and V8 runs memory-pressure garbage collections before falling back — ~1.1 s of CPU per
// grading child. The child's flags cap each memory so the reservation fits.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const sandbox = require("../../../instructor/dist/grading/sandbox.js");

// A memory declared like tfjs' (4 GiB maximum), grown once, under the grading child's cap.
const SCRIPT = "const m = new WebAssembly.Memory({ initial: 256, maximum: 65536 }); m.grow(256); console.log('bytes', m.buffer.byteLength);";

function underCap(extraFlags) {
  const cap = sandbox.DEFAULT_ADDRESS_SPACE_BYTES;
  const run = spawnSync("prlimit", [`--as=${cap}`, "--", process.execPath, "--disable-wasm-trap-handler", ...extraFlags, "--trace-gc", "-e", SCRIPT], { encoding: "utf8" });
  return { status: run.status, out: run.stdout, pressure: run.stdout.split("\n").filter((l) => /memory pressure/.test(l)).length };
}

// What chapter 8 does: tfjs on wasm, a server, a fetch (undici's HTTP parser is one more wasm
// memory, reserved at its maximum), then a heap the size a chapter kernel reaches.
const SERVE_AND_FETCH = `
const tf = require("@tensorflow/tfjs-core");
require("@tensorflow/tfjs-backend-wasm");
const http = require("http");
(async () => {
  await tf.setBackend("wasm");
  const server = http.createServer((q, r) => r.end("ok")).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const text = await (await fetch("http://127.0.0.1:" + server.address().port + "/")).text();
  const keep = [];
  for (let i = 0; i < 6e6; i++) keep.push({ i, s: "x" + i }); // ~480 MB, as a chapter kernel reaches
  console.log("fetched", text, "on", tf.getBackend(), "heap MB", (process.memoryUsage().heapUsed / 1e6) | 0, keep.length > 0);
  server.close();
})();`;

function childLike(cap) {
  const flags = ["--max-old-space-size=1024", "--disable-wasm-trap-handler", ...sandbox.wasmMemoryFlags(cap)];
  return spawnSync("prlimit", [`--as=${cap}`, "--", process.execPath, ...flags, "-e", SERVE_AND_FETCH], { encoding: "utf8", env: { ...process.env, ...sandbox.CHILD_ENV } });
}

describe("grading child: WebAssembly memory fits under the address-space cap", function () {
  this.timeout(20_000);
  before(function () {
    if (spawnSync("prlimit", ["--version"]).status !== 0) {
      console.log("      (skipped: prlimit (util-linux) not found: no address-space cap to fit under)");
      this.skip();
    }
  });

  it("the child's flags cap a memory at a quarter of the cap, at most 512 MiB", () => {
    assert.deepEqual(sandbox.wasmMemoryFlags(2147483648), ["--wasm-max-mem-pages=8192"]);
    assert.deepEqual(sandbox.wasmMemoryFlags(1073741824), ["--wasm-max-mem-pages=4096"]);
    assert.deepEqual(sandbox.wasmMemoryFlags(sandbox.DEFAULT_ADDRESS_SPACE_BYTES), ["--wasm-max-mem-pages=8192"]);
    const command = sandbox.sandboxCommand({ mode: "unsafe", notebookDir: "/tmp", scratchDir: "/tmp", uid: -1 });
    assert.ok(command.includes("--wasm-max-mem-pages=8192"), command.join(" "));
  });

  it("with them, a 4 GiB-maximum memory is created and grown without a memory-pressure collection; without, V8 collects first", () => {
    const capped = underCap(sandbox.wasmMemoryFlags(sandbox.DEFAULT_ADDRESS_SPACE_BYTES));
    assert.equal(capped.status, 0, capped.out);
    assert.match(capped.out, /bytes 33554432/);
    assert.equal(capped.pressure, 0, capped.out);
    // The control: the same script without them pays the collections this fix removes.
    const plain = underCap([]);
    assert.equal(plain.status, 0, plain.out);
    assert.ok(plain.pressure > 0, `expected memory-pressure collections without the flags:\n${plain.out}`);
  });

  it("tfjs on wasm, a fetch and a ~480 MB heap fit under the child's cap (at 2 GiB chapter 8's child died at its first request)", () => {
    assert.equal(sandbox.wasmMemoryFlags(sandbox.DEFAULT_ADDRESS_SPACE_BYTES)[0], "--wasm-max-mem-pages=8192", "each memory stays at 512 MiB");
    const run = childLike(sandbox.DEFAULT_ADDRESS_SPACE_BYTES);
    assert.equal(run.status, 0, run.stderr.slice(-2000));
    assert.match(run.stdout, /fetched ok on wasm heap MB \d+ true/);
    // The control: the old 2 GiB cap.
    const old = childLike(2147483648);
    assert.ok(old.status !== 0 || !/fetched ok/.test(old.stdout), `expected the old cap to fail:\n${old.stdout}`);
  });
});
