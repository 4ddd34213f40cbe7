// The Trainlab kernel's fixes to tslab, each tested through jupyter_client (a real Jupyter client).
import assert from "node:assert/strict";
import { kernelSession } from "../helpers/jupyter.mjs";

describe("Trainlab kernel (through jupyter_client)", function () {
  this.timeout(120000);

  it("sends an error message with ename, evalue and traceback, and later cells still run", () => {
    const [ok, failed, after] = kernelSession(["const a: number = 21;", "throw new RangeError('the answer is ' + (a * 2))", "console.log('after', a)"]);
    assert.equal(ok.reply.status, "ok");
    assert.equal(failed.reply.status, "error");
    assert.equal(failed.reply.ename, "RangeError");
    assert.equal(failed.reply.evalue, "the answer is 42");
    assert.ok(failed.reply.traceback.length >= 1);
    const error = failed.iopub.find((m) => m.type === "error");
    assert.ok(error, "an error message on iopub");
    assert.equal(error.content.evalue, "the answer is 42");
    assert.equal(after.reply.status, "ok");
    assert.deepEqual(after.iopub.filter((m) => m.type === "stream").map((m) => m.content.text), ["after 21\n"]);
  });

  it("runs a request that arrives right after a failure (tslab dropped them for 200 ms)", () => {
    // Each request is sent the moment the previous reply arrives: well inside 200 ms.
    const results = kernelSession(["throw new Error('first')", "1 + 1", "throw new Error('second')", "console.log('ran')"]);
    assert.deepEqual(results.map((r) => r.reply.status), ["error", "ok", "error", "ok"]);
    assert.equal(results[3].iopub.find((m) => m.type === "stream").content.text, "ran\n");
  });

  it("aborts only requests already queued when a cell fails (IPython's stop_on_error)", () => {
    const results = kernelSession(["await new Promise((r) => setTimeout(r, 300)); throw new Error('queued behind me')", "console.log('should be aborted')"], { wait: false });
    assert.equal(results[0].reply.status, "error");
    assert.equal(results[1].reply.status, "aborted");
  });

  it("reports TypeScript compile errors with line, column and message", () => {
    const [r] = kernelSession(["const s: string = 5;"]);
    assert.equal(r.reply.status, "error");
    assert.equal(r.reply.ename, "TypeScriptError");
    assert.match(r.reply.evalue, /1:7 - Type 'number' is not assignable to type 'string'/);
  });

  it("names the learner's cell and line in tracebacks and compile errors", () => {
    const [, thrown, compile] = kernelSession([
      "const k: number = 2;",
      'function boom(n: number): number {\n  if (n > 1) throw new RangeError("too big: " + n);\n  return n;\n}\nconsole.log("before");\nboom(k)',
      "const z = 1;\n\nconst s: string = z;",
    ]);
    assert.equal(thrown.reply.evalue, "too big: 2");
    assert.equal(thrown.reply.traceback[1], '  Cell In[2], line 2: if (n > 1) throw new RangeError("too big: " + n);');
    assert.deepEqual(thrown.reply.traceback.slice(2), ["    at boom (Cell In[2], line 2)", "    at Cell In[2], line 6"]);
    assert.match(compile.reply.evalue, /^Cell In\[3\], line 3:7 - Type 'number' is not assignable to type 'string'/);
  });

  it("sets execution counts and publishes execute_input", () => {
    const results = kernelSession(["1", "throw new Error('x')", "2"]);
    assert.deepEqual(results.map((r) => r.reply.execution_count), [1, 2, 3]);
    assert.deepEqual(results.map((r) => r.iopub.find((m) => m.type === "execute_input")?.content.execution_count), [1, 2, 3]);
  });

  it("refuses process.exit() in a cell with a clear error, and the kernel lives on", () => {
    const [exit, after] = kernelSession(["process.exit(0)", "console.log('alive')"]);
    assert.equal(exit.reply.status, "error");
    assert.match(exit.reply.evalue, /process\.exit\(0\) was called in a cell/);
    assert.equal(after.reply.status, "ok");
  });

  it("imports kernel-ext and sends a display bundle", () => {
    const [, shown] = kernelSession(['import * as lab from "@trainlab/kernel-ext";', 'lab.plot([{ x: [1, 2], y: [3, 4] }], { title: "t" })']);
    assert.equal(shown.reply.status, "ok");
    const display = shown.iopub.find((m) => m.type === "display_data");
    assert.ok(display.content.data["application/vnd.plotly.v1+json"]);
    assert.match(display.content.data["text/html"], /window\.Plotly = Plotly/);
  });

  it("shows a cell's last expression by the display protocol (execute_result); plain values print as before", () => {
    const [, tensor, fig, plain, own, count] = kernelSession([
      'import * as lab from "@trainlab/kernel-ext"; const t = lab.tf.tensor([[1, 2], [3, 4]]);',
      "t",
      'lab.figure([{ y: [1, 2] }], { title: "f" })',
      "({ a: 1, b: [2, 3] })",
      '({ toMimeBundle: () => ({ "text/markdown": "**mine**" }) })',
      "lab.tf.memory().numTensors + (t.isDisposed ? 100 : 0)",
    ]);
    const result = (r) => r.iopub.find((m) => m.type === "execute_result");
    assert.equal(result(tensor).content.data["text/plain"], "Tensor float32 [2, 2]\n[[1, 2],\n [3, 4]]");
    assert.equal(result(tensor).content.execution_count, tensor.reply.execution_count);
    assert.equal(Object.keys(result(fig).content.data)[0], "application/vnd.plotly.v1+json");
    assert.equal(result(plain), undefined);
    assert.equal(plain.iopub.find((m) => m.type === "stream").content.text, "{ a: 1, b: [ 2, 3 ] }\n");
    assert.equal(result(own).content.data["text/markdown"], "**mine**");
    assert.equal(count.iopub.find((m) => m.type === "stream").content.text, "1\n", "the learner's tensor neither disposed nor copied");
  });

  it("Kernel → Interrupt stops lab.train.fit at the next batch: the cell succeeds and the model is usable", () => {
    const [, training, after, sleeping, alive] = kernelSession([
      'import * as lab from "@trainlab/kernel-ext"; await lab.useBestBackend(); const model = lab.tf.sequential({ layers: [lab.tf.layers.dense({ units: 1, inputShape: [1] })] }); model.compile({ optimizer: "sgd", loss: "meanSquaredError" });',
      "const h = await lab.train.fit(model, [[1], [2], [3], [4]], [[2], [4], [6], [8]], { epochs: 1000000, batchSize: 1, display: \"none\", leakGuard: false }); console.log(JSON.stringify({ interrupted: h.interrupted, stopReason: h.stopReason, epochs: h.epoch.length }))",
      "const p = model.predict(lab.tf.tensor2d([[1]])) as lab.tf.Tensor; console.log(p.shape.join('x'), Number.isFinite(p.dataSync()[0]))",
      "await new Promise((r) => setTimeout(r, 60000))",
      "console.log(h.epoch.length > 0)",
    ], { interrupt: { 1: 4, 3: 2 } });
    assert.equal(training.reply.status, "ok", JSON.stringify(training.reply));
    const report = JSON.parse(training.iopub.find((m) => m.type === "stream").content.text);
    assert.equal(report.interrupted, true);
    assert.equal(report.stopReason, "interrupted (Kernel → Interrupt)");
    assert.ok(report.epochs > 0 && report.epochs < 1000000, `${report.epochs} epochs`);
    assert.equal(after.reply.status, "ok");
    assert.equal(after.iopub.find((m) => m.type === "stream").content.text, "1x1 true\n");
    // Code that does not handle the interrupt still stops at once, with an error, as before.
    assert.equal(sleeping.reply.status, "error");
    assert.match(sleeping.reply.evalue, /Interrupted/);
    assert.equal(alive.iopub.find((m) => m.type === "stream").content.text, "true\n");
  });

  it("rewrites object shorthand of earlier cells' variables (tslab left `{ x }` undefined)", () => {
    const results = kernelSession(["const names = ['a', 'b'];", "const o = { names, n: names.length }; console.log(JSON.stringify(o))", "let count = 0;", "({ count } = { count: 5 }); console.log(count)"]);
    assert.deepEqual(results.map((r) => r.reply.status), ["ok", "ok", "ok", "ok"]);
    assert.equal(results[1].iopub.find((m) => m.type === "stream").content.text, '{"names":["a","b"],"n":2}\n');
    assert.equal(results[3].iopub.find((m) => m.type === "stream").content.text, "5\n");
  });
});
