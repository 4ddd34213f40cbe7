// The classic Notebook UI that `npm start` serves, driven in headless Chromium (Debian's, through
// puppeteer-core) as a learner uses it: open chapter 0, Run All, reload, Run All again, reopen
// the saved notebook, interrupt a running cell from the toolbar, process.exit() in a cell.
// Screenshots go to build/screenshots/ (or TRAINLAB_SCREENSHOTS) for a person to look at.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { root } from "../../helpers/jupyter.mjs";
import { launchBrowser, startNotebookServer } from "../../helpers/browser.mjs";

const lab = createRequire(import.meta.url)(path.join(root, "kernel-ext/dist/index.js"));
const tools = createRequire(import.meta.url)(path.join(root, "instructor/dist/index.js"));

/**
 * Chapter 0 as a learner has it after solving exercise 0.1 (0.2 and 0.3 still stubs): the
 * student notebook with 0.1's cell from the instructor build. It runs to the end, where the bare
 * student notebook stops Run All at the cell that calls the unsolved 0.1.
 */
function chapter0SolvedUpTo01() {
  const chapter = tools.lessons.listChapters(path.join(root, "lessons")).find((c) => c.slug.startsWith("00-"));
  const solved = JSON.parse(tools.lessons.buildChapter(chapter, "instructor")).cells.find((c) => c.metadata?.trainlab?.exercise === "0.1");
  const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", "00-getting-started.ipynb"), "utf8"));
  nb.cells.find((c) => c.metadata?.trainlab?.exercise === "0.1").source = solved.source;
  return JSON.stringify(nb, null, 1);
}

const shots = process.env.TRAINLAB_SCREENSHOTS || path.join(root, "build", "screenshots");

describe("classic Notebook UI in headless Chromium (npm start)", function () {
  this.timeout(300000);
  const name = `trainlab-test-ui-${process.pid}.ipynb`;
  const file = path.join(root, "notebooks", name);
  let server;
  let browser;
  let page;

  before(async () => {
    fs.mkdirSync(shots, { recursive: true });
    fs.writeFileSync(file, chapter0SolvedUpTo01());
    server = await startNotebookServer(root);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("dialog", (d) => d.accept());
    await open(page);
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    fs.rmSync(file, { force: true });
    fs.rmSync(path.join(root, "notebooks", ".ipynb_checkpoints", name.replace(/\.ipynb$/, "-checkpoint.ipynb")), { force: true });
  });

  const open = async (p) => {
    await p.goto(`${server.base}/notebooks/${name}?token=${server.token}`, { waitUntil: "domcontentloaded" });
    await kernelReady(p);
  };

  it("Run All draws every figure and shows the check's result with its hints", async () => {
    await runAll(page);
    const seen = await counts(page);
    await snapshot(page, "1-run-all.png");
    assert.ok(seen.figures >= 2, `chapter 0 sends figures (found ${seen.figures})`);
    assert.equal(seen.drawn, seen.figures, "every figure drawn by plotly");
    assert.equal(seen.needsPlotly, 0);
    assert.match(seen.text, /Exercise 0\.1 — Mean squared error: Passed: all \d+ tests passed/);
    assert.match(seen.text, /Exercise 0\.2 — [^\n]*: Not attempted yet/);
    assert.match(seen.text, /Hint 1 of \d+ for exercise 0\.1: /);
  });

  it("Kernel → Restart & Run All runs the chapter again in a fresh kernel and draws every figure", async () => {
    const before = await page.evaluate(() => Jupyter.notebook.kernel.id);
    await page.click("#kernellink");
    await page.click("#restart_run_all");
    // Notebook 6 asks in a modal dialog.
    await page.waitForSelector(".modal-dialog .btn-danger", { visible: true, timeout: 30000 });
    await page.click(".modal-dialog .btn-danger");
    await page.waitForFunction(() => Jupyter.notebook.get_cells().some((c) => c.cell_type === "code" && c.input_prompt_number === "*"), { timeout: 60000 });
    await waitAllRun(page);
    const seen = await counts(page);
    await snapshot(page, "1b-restart-run-all.png");
    assert.equal(await page.evaluate(() => Jupyter.notebook.kernel.id), before, "the same kernel, restarted");
    assert.ok(seen.figures >= 2);
    assert.equal(seen.drawn, seen.figures, "every figure drawn after Restart & Run All");
    assert.match(seen.text, /Exercise 0\.1 — Mean squared error: Passed: all \d+ tests passed/);
  });

  it("a figure that reaches a page without plotly.js loads it from the Jupyter server (kernel/nbextensions)", async () => {
    await page.reload({ waitUntil: "domcontentloaded" });
    await kernelReady(page);
    assert.equal(await page.evaluate(() => !!window.Plotly), false, "a reloaded page starts without plotly.js");
    // A figure sent without its inline copy of plotly.js, as to a page the kernel believes has it.
    await runCode(page, 'lab.display.displayBundle(lab.figure([{ x: [1, 2, 3], y: [2, 3, 1] }], { title: "no inline plotly.js" }).bundle(false))');
    await page.waitForFunction(() => document.querySelectorAll(".trainlab-plot.js-plotly-plot").length === 1, { timeout: 30000 });
    const loaded = await page.evaluate(() => [...document.scripts].map((s) => s.src).filter((src) => src.includes("/nbextensions/trainlab/")));
    assert.equal(loaded.length, 1, "plotly.js loaded once, from the server");
  });

  it("after a page reload, Run All draws every figure again (no kernel restart)", async () => {
    await page.reload({ waitUntil: "domcontentloaded" });
    await kernelReady(page);
    assert.equal(await page.evaluate(() => !!window.Plotly), false, "a reloaded page starts without plotly.js");
    await runAll(page);
    const seen = await counts(page);
    await snapshot(page, "2-after-reload.png");
    assert.ok(seen.figures >= 2);
    assert.equal(seen.drawn, seen.figures, "every figure drawn after the reload");
    assert.equal(seen.needsPlotly, 0, "no figure asks for plotly.js");
  });

  it("a second tab on the same kernel draws its figures; the saved notebook reopens with its figures drawn", async () => {
    await page.evaluate(() => Jupyter.notebook.save_notebook());
    await page.waitForFunction(() => !Jupyter.notebook.dirty, { timeout: 30000 });
    const second = await browser.newPage();
    try {
      await secondTab(second);
    } finally {
      await second.close();
    }
  });

  const secondTab = async (second) => {
    await open(second);
    // The saved outputs, drawn without running anything.
    await second.waitForFunction(() => document.querySelectorAll(".trainlab-plot.js-plotly-plot").length >= 2, { timeout: 30000 });
    const reopened = await counts(second);
    assert.equal(reopened.drawn, reopened.figures, "saved figures drawn on reopening");
    // A figure cell run from the second tab (its own client session) draws too.
    const before = reopened.drawn;
    await runCode(second, 'lab.plot([{ x: [1, 2, 3], y: [3, 1, 2] }], { title: "from the second tab" })');
    await second.waitForFunction((n) => document.querySelectorAll(".trainlab-plot.js-plotly-plot").length > n, { timeout: 30000 }, before);
    await snapshot(second, "3-second-tab.png");
  };

  it("shows a tensor and a model by the display protocol, as a cell's last expression", async () => {
    const output = await runCode(page, "lab.tf.tensor([[1, 2], [3, 4]])");
    assert.match(output, /Tensor float32 shape \[2, 2\]/);
    assert.match(output, /\[\[1, 2\],\s*\[3, 4\]\]/);
    assert.doesNotMatch(output, /isDisposedInternal/);
    const model = await runCode(page, "model");
    assert.match(model, /Total params: 2/);
  });

  it("Interrupt in the toolbar stops a running cell, and the kernel keeps its variables", async () => {
    const cell = await addCell(page, "const spin = Date.now(); while (Date.now() - spin < 120000) {}");
    await page.evaluate((i) => { Jupyter.notebook.select(i); Jupyter.notebook.execute_cell(); }, cell);
    await page.waitForFunction(() => Jupyter.notebook.kernel_busy === true || document.querySelector("#kernel_indicator_icon.kernel_busy_icon"), { timeout: 30000 });
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
    await page.waitForFunction((i) => Jupyter.notebook.get_cell(i).input_prompt_number !== "*", { timeout: 60000 }, cell);
    const seconds = (Date.now() - started) / 1000;
    const text = await settledOutput(page, cell, /interrupted/i);
    await snapshot(page, "4-interrupted.png");
    assert.match(text, /interrupted/i);
    assert.ok(seconds < 30, `the cell stopped ${seconds.toFixed(1)} s after Interrupt`);
    assert.match(await runCode(page, "xs.length * 2"), /80/);
  });

  it("Interrupt in the toolbar stops a long training loop; the cell succeeds and the model stays usable", async () => {
    const cell = await addCell(page, "const long = await lab.train.fit(model, xs.map((x) => [x]), ys.map((y) => [y]), { epochs: 100000, batchSize: 8 });\nconsole.log(`interrupted: ${long.interrupted} after ${long.epoch.length} epochs`);");
    await page.evaluate((i) => { Jupyter.notebook.select(i); Jupyter.notebook.execute_cell(); }, cell);
    await page.waitForFunction((i) => /training \d+\/\d+/.test(Jupyter.notebook.get_cell(i).output_area.element[0].innerText), { timeout: 60000 }, cell);
    await new Promise((r) => setTimeout(r, 1500));
    await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
    await page.waitForFunction((i) => typeof Jupyter.notebook.get_cell(i).input_prompt_number === "number", { timeout: 60000 }, cell);
    const text = await settledOutput(page, cell, /interrupted: /);
    await snapshot(page, "5-interrupted-training.png");
    assert.match(text, /interrupted: true after \d+ epochs/);
    assert.match(text, /stopped: interrupted \(Kernel → Interrupt\)/);
    assert.doesNotMatch(text, /Error/);
    assert.match(await runCode(page, "long.epoch.length > 0 && Number.isFinite((model.predict(lab.tf.tensor2d([[1]])) as lab.tf.Tensor).dataSync()[0])"), /true/);
  });

  it("process.exit() in a cell is refused and the kernel survives", async () => {
    const refused = await runCode(page, "process.exit(1)");
    assert.match(refused, /process\.exit\(1\) was called in a cell/);
    assert.match(await runCode(page, "rows.length + 1"), /41/);
    await snapshot(page, "6-process-exit.png");
  });
});

/** A screenshot of the whole notebook (Notebook 6 scrolls inside #site, so unfold it first). */
async function snapshot(page, name) {
  await page.evaluate(() => document.body.classList.add("trainlab-snapshot"));
  await page.addStyleTag({ content: "body.trainlab-snapshot #site { height: auto !important; overflow: visible !important; } body.trainlab-snapshot { overflow: visible !important; height: auto !important; }" });
  await page.screenshot({ path: path.join(shots, name), fullPage: true });
  await page.evaluate(() => document.body.classList.remove("trainlab-snapshot"));
}

/** Waits until the page's kernel is connected and idle. */
async function kernelReady(page) {
  await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected?.() && Jupyter.notebook.kernel_busy === false, { timeout: 120000, polling: 250 });
}

/** Cell → Run All, through the menu; resolves when every code cell has run. */
async function runAll(page) {
  await page.click("#celllink");
  await page.click("#run_all_cells");
  await waitAllRun(page);
}

/** Resolves when no code cell is queued or running and the kernel is idle. */
async function waitAllRun(page) {
  await page.waitForFunction(
    () => {
      const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code");
      return !Jupyter.notebook.kernel_busy && cells.every((c) => c.input_prompt_number !== "*" && c.input_prompt_number !== undefined && c.input_prompt_number !== null);
    },
    { timeout: 240000, polling: 500 },
  );
  await new Promise((r) => setTimeout(r, 1000)); // let the last outputs render
}

/** Figures in the notebook's outputs, figures plotly drew, "needs plotly.js" messages, and all output text. */
async function counts(page) {
  return page.evaluate(() => ({
    figures: Jupyter.notebook.get_cells().flatMap((c) => c.output_area?.outputs ?? []).filter((o) => o.data?.["application/vnd.plotly.v1+json"]).length,
    drawn: document.querySelectorAll(".trainlab-plot.js-plotly-plot").length,
    needsPlotly: [...document.querySelectorAll(".trainlab-plot")].filter((el) => /needs plotly\.js/.test(el.textContent)).length,
    text: [...document.querySelectorAll(".output_area")].map((el) => el.innerText).join("\n"),
  }));
}

/** Appends a code cell with `code`; resolves to its index. */
async function addCell(page, code) {
  return page.evaluate((src) => {
    const cell = Jupyter.notebook.insert_cell_at_bottom("code");
    cell.set_text(src);
    return Jupyter.notebook.find_cell_index(cell);
  }, code);
}

/** Runs `code` in a new cell at the bottom; resolves to the text of its output. */
async function runCode(page, code) {
  const i = await addCell(page, code);
  await page.evaluate((n) => { Jupyter.notebook.select(n); Jupyter.notebook.execute_cell(); }, i);
  await page.waitForFunction((n) => { const c = Jupyter.notebook.get_cell(n); return typeof c.input_prompt_number === "number" && !Jupyter.notebook.kernel_busy; }, { timeout: 60000 }, i);
  return settledOutput(page, i, /\S/);
}

/**
 * The cell's output once it matches `pattern` (or after 10 s, for the assertion to report): the
 * execute_reply that numbers the prompt and the output on IOPub are separate channels, so the
 * prompt can change before the output arrives.
 */
async function settledOutput(page, i, pattern) {
  await page.waitForFunction((n, source) => new RegExp(source, "i").test(Jupyter.notebook.get_cell(n).output_area.element[0].innerText), { timeout: 10000, polling: 100 }, i, pattern.source).catch(() => {});
  return outputOf(page, i);
}

async function outputOf(page, i) {
  return page.evaluate((n) => Jupyter.notebook.get_cell(n).output_area.element[0].innerText, i);
}
