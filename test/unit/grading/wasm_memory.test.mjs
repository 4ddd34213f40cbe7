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

describe("grading child: WebAssembly memory fits under the address-space cap", function () {
  this.timeout(20_000);
  before(function () {
    if (spawnSync("prlimit", ["--version"]).status !== 0) {
      console.log("      (skipped: prlimit (util-linux) not found: no address-space cap to fit under)");
      this.skip();
    }
  });

  it("the child's flags cap a memory at a quarter of the cap (512 MiB under 2 GiB)", () => {
    assert.deepEqual(sandbox.wasmMemoryFlags(2147483648), ["--wasm-max-mem-pages=8192"]);
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
});
