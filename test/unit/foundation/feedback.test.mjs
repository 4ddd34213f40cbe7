// Feedback a learner learns from: the four outcomes of a check, differences in full, hints that
// follow the mistake, hints and solutions on demand, inputs-unchanged tests that can fail, text
// that never turns into maths, and markdown cells learners may annotate.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import * as aq from "arquero";
const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
const lab = require(path.join(root, "kernel-ext/dist/index.js"));
// The exercise runner's internals (not in lab.grading, the learner's public API).
const grading = require(path.join(root, "kernel-ext/dist/grading/index.js"));
const tools = require(path.join(root, "instructor/dist/index.js"));
const tslabJupyter = require("tslab/dist/jupyter");
const { runTests, findExercise, loadExercises, chapterDir, describeDifference, diagnose, report, safeHtml } = grading;
const tf = lab.tf;

/** What one call displays (the MIME bundles sent to Jupyter). */
function displayed(fn) {
  const sent = [];
  tslabJupyter.lastWriteDisplayData = (content) => sent.push(content.data);
  try {
    fn();
  } finally {
    tslabJupyter.lastWriteDisplayData = null;
  }
  return sent;
}

function checkReport(id, value) {
  const [data] = displayed(() => assert.equal(lab.check(id, value), undefined));
  return { data, summary: data["application/vnd.trainlab.check+json"], text: data["text/plain"], html: data["text/html"] };
}

/** A function defined the way tslab defines a cell's functions: in a script named evalmachine.<anonymous>. */
function cellFunction(source, name) {
  return vm.runInThisContext(`(function () {\n${source}\nreturn ${name};\n})()`);
}

const mse = (a, b) => {
  if (a.length !== b.length) throw new Error("lengths differ");
  return a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length;
};

describe("check: four outcomes", () => {
  it("not attempted: the stub is still there — says what to do, and no test shows a failure message", () => {
    const stub = () => {
      throw new Error("Not implemented yet: exercise 0.1 — replace this line with your code");
    };
    const { summary, text, html } = checkReport("0.1", stub);
    assert.equal(summary.outcome, "not-attempted");
    assert.deepEqual(summary.results.map((r) => r.outcome), ["not-attempted", "not-attempted", "not-attempted"]);
    assert.match(text, /^✎ Exercise 0\.1 — Mean squared error: Not attempted yet: write your code in the exercise cell/);
    assert.doesNotMatch(text, /expected|Hint:/);
    assert.match(html, /class="trainlab-check trainlab-not-attempted tex2jax_ignore"/);
  });

  it("incorrect: what was expected and what came back, a hint, and where to get more", () => {
    const { summary, text, html } = checkReport("0.1", (a, b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / 2);
    assert.equal(summary.outcome, "incorrect");
    assert.equal(summary.passed, 1);
    assert.match(text, /^✗ Exercise 0\.1 — Mean squared error: Incorrect — 1 of 3 tests passed/);
    assert.match(text, /expected 1\.6666666666666667, got 2\.5/);
    assert.match(text, /expected an error to be thrown, but it returned NaN/);
    assert.match(text, /Hint: Compare yTrue\.length/);
    assert.match(text, /lab\.hint\("0\.1"\)/);
    assert.match(html, /trainlab-incorrect/);
  });

  it("your code threw: the error and the learner's own line, not the library's stack", () => {
    const fn = cellFunction(
      ["function meanSquaredError(yTrue, yPred) {", "  let sum = 0;", "  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i].value - yPred[i]) ** 2;", "  return sum.total.mean;", "}"].join("\n"),
      "meanSquaredError",
    );
    const { summary, text, html } = checkReport("0.1", fn);
    assert.equal(summary.outcome, "threw");
    const threw = summary.results.filter((r) => r.outcome === "threw");
    assert.equal(threw.length, 2);
    assert.match(text, /^⚠ Exercise 0\.1 — Mean squared error: Your code threw an error — 1 of 3 tests passed/);
    assert.match(text, /your code threw TypeError: Cannot read properties of undefined \(reading 'mean'\)/);
    assert.match(text, /Where: in meanSquaredError, at: return sum\.total\.mean;/);
    assert.doesNotMatch(text, /kernel-ext|node:internal|dist\//);
    assert.match(html, /trainlab-threw/);
  });

  it("your code threw inside a callback: the line of the callback within the learner's function", () => {
    const fn = cellFunction(["function fillMissing(values, fill) {", "  return values.map((v) =>", "    v.toFixed(1));", "}"].join("\n"), "fillMissing");
    const [first] = runTests(findExercise("0.2"), fn);
    assert.equal(first.outcome, "threw");
    assert.equal(first.where, "in values.map, at: v.toFixed(1));".replace("values.map", first.where.split(",")[0].slice(3)));
    assert.match(first.where, /at: v\.toFixed\(1\)\);$/);
  });

  it("passed: all tests, green", () => {
    const { summary, text, html } = checkReport("0.1", mse);
    assert.equal(summary.outcome, "passed");
    assert.match(text, /^✓ Exercise 0\.1 — Mean squared error: Passed: all 3 tests passed/);
    assert.doesNotMatch(text, /lab\.hint/);
    assert.match(html, /trainlab-passed/);
  });

  it("the four outcomes look distinct: mark, colour and label differ", () => {
    const styles = Object.values(grading.OUTCOME_STYLE);
    for (const key of ["mark", "color", "background", "label"]) assert.equal(new Set(styles.map((s) => s[key])).size, 4, key);
  });

  it("a thrown value that is not an Error is still 'threw', and an async solution is awaited", async () => {
    const [r] = runTests(findExercise("0.1"), () => {
      throw "oops";
    });
    assert.equal(r.outcome, "threw");
    assert.match(r.message, /your code threw oops/);
    const results = await runTests(findExercise("0.1"), async (a, b) => mse(a, b));
    assert.deepEqual(results.map((x) => x.outcome), ["passed", "passed", "passed"]);
  });
});

describe("differences in full", () => {
  it("arrays: length first, then the first differing elements with their indices, and how many differ", () => {
    const expected = Array.from({ length: 20 }, (_, i) => i);
    const actual = expected.map((v) => (v >= 5 ? v + 0.5 : v));
    const text = describeDifference(actual, expected);
    assert.match(text, /^15 of the 20 elements differ; the first 5:/);
    assert.match(text, /\[5\]: expected 5, got 5\.5/);
    assert.match(text, /\[9\]: expected 9, got 9\.5/);
    assert.doesNotMatch(text, /\[10\]/);
    const shorter = describeDifference([1, 2, 9], [1, 2, 3, 4]);
    assert.match(shorter, /^expected an array of 4, got an array of 3\n1 of the 3 shared elements differs:\n {2}\[2\]: expected 3, got 9$/);
  });

  it("nested arrays: the shape, then [row][column] of each difference", () => {
    const text = describeDifference([[1, 2, 3], [4, 5, 7]], [[1, 2], [4, 5]]);
    assert.match(text, /expected a 2×2 array, got a 2×3 array/);
    const same = describeDifference([[1, 30], [2, 10]], [[1, 30], [2, 20]]);
    assert.match(same, /\[1\]\[1\]: expected 20, got 10/);
  });

  it("objects: missing and unexpected keys and differing values", () => {
    const text = describeDifference({ a: 1, c: 3, d: 4 }, { a: 1, b: 2, c: 5 });
    assert.match(text, /expected an object with keys a, b, c, got an object with keys a, c, d/);
    assert.match(text, /\.b: missing \(expected 2\)/);
    assert.match(text, /\.c: expected 5, got 3/);
    assert.match(text, /\.d: not expected \(got 4\)/);
  });

  it("tables: rows and columns, then column[row]", () => {
    const text = describeDifference(aq.table({ x: [1, 2, 3], y: [4, 5, 6] }), aq.table({ x: [1, 2, 3], y: [4, 0, 6] }));
    assert.match(text, /^1 of the 6 elements differs:\n {2}y\[1\]: expected 0, got 5$/);
    assert.match(describeDifference(aq.table({ x: [1] }), aq.table({ x: [1, 2] })), /expected a table of 2 rows with columns x, got a table of 1 rows with columns x/);
  });

  it("tensors: shape, then the differing elements; no tensor leaks", () => {
    const before = tf.memory().numTensors;
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[1, 2], [3, 5]]);
    const c = tf.tensor1d([1, 2, 3, 4]);
    assert.match(describeDifference(a, b), /\[1\]\[1\]: expected 5, got 4/);
    assert.match(describeDifference(c, a), /expected a tensor of shape \[2, 2\], got a tensor of shape \[4\]/);
    tf.dispose([a, b, c]);
    assert.equal(tf.memory().numTensors, before);
  });

  it("a wrong array in a check shows every differing element's index (no six-line cut)", () => {
    const exercise = { id: "9.9", name: "f", tests: [{ name: "seven values", args: [], expect: (r) => assert.deepEqual(r, [0, 1, 2, 3, 4, 5, 6]) }] };
    const [r] = runTests(exercise, () => [0, 1, 2, 3, 4, 50, 60]);
    assert.match(r.message, /2 of the 7 elements differ:\n {2}\[5\]: expected 5, got 50\n {2}\[6\]: expected 6, got 60/);
    const allClose = runTests({ ...exercise, tests: [{ name: "close", args: [], expect: (x) => lab.assertAllClose(x, [1, 2, 3]) }] }, () => [1, 2.5, 3])[0];
    assert.match(allClose.message, /\[1\]: expected 2, got 2\.5/);
  });
});

describe("hints that follow the mistake", () => {
  it("recognises wrong length, wrong sign, NaN, a constant factor, the wrong order and a square root", () => {
    assert.match(diagnose([1, 2], [1, 2, 3]), /has 2 elements where 3 were expected/);
    assert.match(diagnose([-1, 2, -3], [1, -2, 3]), /wrong sign/);
    assert.match(diagnose(-0.5, 0.5), /wrong sign/);
    assert.match(diagnose([1, NaN], [1, 2]), /contains NaN/);
    assert.match(diagnose(NaN, 2), /contains NaN/);
    assert.match(diagnose([2, 4, 6], [1, 2, 3]), /2× the expected one: off by a constant factor/);
    assert.match(diagnose(1.5, 4.5), /1\/3 of the expected one/);
    assert.match(diagnose([0.5, 1.5], [0.25, 0.75]), /2× the expected/);
    assert.match(diagnose([3, 1, 2], [1, 2, 3]), /right values, in the wrong order/);
    assert.match(diagnose(2, 4), /1\/2 of the expected/);
    assert.match(diagnose(3, 9), /1\/3 of/);
    assert.match(diagnose(Math.sqrt(5 / 3), 5 / 3), /square root of the expected/);
    assert.match(diagnose([4, 9], [2, 3]), /square of the expected/);
  });

  it("says nothing when it cannot tell (and the test's own hint is used)", () => {
    assert.equal(diagnose(2.5, 5 / 3), undefined);
    assert.equal(diagnose("a", "b"), undefined);
    assert.equal(diagnose([1, 2, 3], [1, 2, 4]), undefined);
    const [, second] = runTests(findExercise("0.1"), (a, b) => mse(a, b) + 0.1);
    assert.equal(second.hint, "Divide the sum of squared differences by the number of values, not by a fixed number.");
  });

  it("absolute instead of squared differences gets its own hint, not 'divide by the number of values'", () => {
    const absolute = (a, b) => {
      if (a.length !== b.length) throw new Error("lengths differ");
      return a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
    };
    const { text } = checkReport("0.1", absolute);
    assert.match(text, /expected 1\.6666666666666667, got 1\n/);
    assert.match(text, /Hint: That is the mean absolute difference/);
    assert.doesNotMatch(text, /Divide the sum of squared differences/);
  });

  it("the test's known mistakes come first, then the generic diagnosis, then the test's hint", () => {
    const byN1 = runTests(findExercise("0.1"), (a, b) => (a.length !== b.length ? (() => { throw new Error("x"); })() : a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / (a.length - 1)))[1];
    assert.match(byN1.hint, /divided by n − 1/);
    const values = runTests(findExercise("0.3"), (v, t) => v.filter((x) => x > t))[0];
    assert.match(values.hint, /Those are the values above 4/);
    const reversed = runTests(findExercise("0.2"), (v, f) => v.map((x) => x ?? f).reverse())[0];
    assert.match(reversed.hint, /wrong order/);
  });
});

describe("hints and solutions on demand", () => {
  it("lab.hint shows the next hint each call, 'Hint 2 of 3', and stays on the last", () => {
    lab.grading.resetHints("0.1");
    const [first] = displayed(() => assert.equal(lab.hint("0.1"), undefined));
    assert.match(first["text/plain"], /Hint 1 of 3/);
    lab.grading.resetHints("0.1");
    const shown = [];
    const texts = displayed(() => {
      for (let i = 0; i < 4; i++) shown.push(lab.grading.nextHint("0.1"));
    }).map((d) => d["text/plain"]);
    assert.deepEqual(shown.map((s) => `${s.number}/${s.of}`), ["1/3", "2/3", "3/3", "3/3"]);
    assert.match(texts[0], /^💡 Hint 1 of 3 for exercise 0\.1: For each position i/);
    assert.match(texts[1], /^💡 Hint 2 of 3 for exercise 0\.1: .*divide the sum/);
    assert.match(texts[1], /Run lab\.hint\("0\.1"\) again for the next one/);
    assert.match(texts[2], /That was the last hint; working alone, lab\.solution\("0\.1"\) shows a solution/);
    lab.grading.resetHints("0.1");
  });

  it("never fails the cell: an unknown exercise is explained, like check", () => {
    const [hintShown] = displayed(() => lab.hint("0.9"));
    assert.match(hintShown["text/plain"], /lab\.hint\("0\.9"\) could not run: Exercise "0\.9" is not defined/);
    const [solutionShown] = displayed(() => lab.solution("zero"));
    assert.match(solutionShown["text/plain"], /lab\.solution\("zero"\) could not run: "zero" is not an exercise id/);
  });

  it("without an exercise's own hints, the visible tests' hints are used, each once", () => {
    const exercise = findExercise("1.1");
    assert.equal(exercise.hints, undefined);
    const hints = lab.grading.hintsOf(exercise);
    assert.ok(hints.length >= 1);
    assert.equal(new Set(hints).size, hints.length);
  });

  it("lab.solution shows the self-paced build's solution, highlighted as TypeScript", () => {
    let source;
    const [data] = displayed(() => (source = lab.grading.showSolution("0.2", { notebookDir: path.join(root, "notebooks") })));
    assert.equal(displayed(() => assert.equal(lab.solution("0.2", { notebookDir: path.join(root, "notebooks") }), undefined)).length, 1);
    assert.equal(source, "function fillMissing(values: (number | null)[], fill: number): number[] {\n  return values.map((v) => v ?? fill);\n}");
    assert.match(data["text/markdown"], /```typescript\nfunction fillMissing/);
  });

  it("a class release (trainlab release) has no solution text anywhere, and lab.solution there says so", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-release-"));
    require(path.join(root, "instructor/dist/cli/release.js")).release("all", out);
    const written = fs.readdirSync(out, { recursive: true }).filter((f) => fs.statSync(path.join(out, f)).isFile());
    // Every line of every file the release wrote (notebook cell sources one line at a time).
    const releasedLines = new Set(
      written.flatMap((f) => {
        const text = fs.readFileSync(path.join(out, f), "utf8");
        const lines = f.endsWith(".ipynb") ? JSON.parse(text).cells.flatMap((c) => [].concat(c.source).join("").split("\n")) : text.split("\n");
        return lines.map((l) => l.trim());
      }),
    );
    const chapters = tools.lessons.listChapters(path.join(root, "lessons")).map((c) => ({ ...c, cells: tools.lessons.parseLesson(fs.readFileSync(path.join(c.dir, "lesson.md"), "utf8")) }));
    // Lines that also occur outside the solutions (in any chapter's other cells) are not solution text.
    const elsewhere = new Set(chapters.flatMap((ch) => ch.cells.flatMap((c) => (c.kind === "exercise" ? tools.lessons.stubSolutions(c.source, c.exercise) : c.source).split("\n").map((l) => l.trim()))));
    let checked = 0;
    for (const { slug, cells } of chapters) {
      const solutions = JSON.parse(fs.readFileSync(path.join(root, "notebooks/.solutions", `${slug}.json`), "utf8")).solutions;
      for (const cell of cells.filter((c) => c.kind === "exercise")) {
        const body = cell.source.split(/\/\/ BEGIN SOLUTION\n|\n\s*\/\/ END SOLUTION/)[1];
        for (const line of body.split("\n").map((l) => l.trim()).filter((l) => l.length > 12 && !elsewhere.has(l))) {
          assert.ok(!releasedLines.has(line), `${slug} ${cell.exercise}: "${line}" is in the release`);
          assert.ok(solutions[cell.exercise].includes(line), `${slug} ${cell.exercise}: the self-paced build has "${line}"`);
          checked++;
        }
        assert.ok(solutions[cell.exercise].length > 0);
      }
    }
    assert.ok(checked > 50, `${checked} solution lines checked`);
    let source = "unset";
    const [data] = displayed(() => (source = lab.grading.showSolution("0.1", { notebookDir: out })));
    assert.equal(source, undefined);
    assert.match(data["text/plain"], /class releases \(trainlab release\) leave solutions out/);
    fs.rmSync(out, { recursive: true, force: true });
  });
});

describe("inputs-unchanged tests can fail", () => {
  const all = (id) => loadExercises(chapterDir(id), { hidden: true }).find((e) => e.id === id);
  const failing = async (id, fn) => (await runTests(all(id), fn)).filter((r) => !r.passed).map((r) => r.name);

  it("0.1 (hidden): a solution that squares the differences into yPred fails only the unchanged test", async () => {
    const mutating = (a, b) => {
      if (a.length !== b.length) throw new Error("x");
      for (let i = 0; i < a.length; i++) b[i] = (a[i] - b[i]) ** 2;
      return b.reduce((s, v) => s + v, 0) / a.length;
    };
    assert.deepEqual(await failing("0.1", mutating), ["right answer, and yTrue and yPred unchanged after the call"]);
    const r = (await runTests(all("0.1"), mutating)).find((x) => x.name.includes("unchanged"));
    assert.match(r.message, /your function changed yPred \(argument 2\)/);
  });

  it("0.2: filling the gaps in place fails", async () => {
    const inPlace = (values, fill) => {
      for (let i = 0; i < values.length; i++) if (values[i] === null) values[i] = fill;
      return values;
    };
    assert.deepEqual(await failing("0.2", inPlace), ["returns the filled values as a new array, leaving values unchanged"]);
  });

  it("5.1: shuffling a column of X in place fails", async () => {
    const inPlace = (X, column, order) => {
      const col = X.map((row) => row[column]);
      X.forEach((row, i) => (row[column] = col[order[i]]));
      return X;
    };
    assert.deepEqual(await failing("5.1", inPlace), ["leaves X unchanged: the shuffled matrix is a new one"]);
  });

  it("7.1 (hidden): a solution that empties labels fails", async () => {
    const solution = (labels, perClass) => {
      const counts = new Map();
      for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
      for (const [c, n] of counts) if (n < perClass) throw new Error(`class ${c} has ${n}`);
      const seen = new Map();
      const out = labels.flatMap((l, i) => (seen.set(l, (seen.get(l) ?? 0) + 1), seen.get(l) <= perClass ? [i] : []));
      labels.length = 0;
      return out;
    };
    assert.deepEqual(await failing("7.1", solution), ["right positions, and labels unchanged after the call"]);
  });

  it("8.2: sorting the caller's array fails", async () => {
    const inPlace = (values, q) => {
      const sorted = values.sort((a, b) => a - b);
      const pos = ((sorted.length - 1) * q) / 100;
      const lo = Math.floor(pos);
      return sorted[lo] + (sorted[Math.ceil(pos)] - sorted[lo]) * (pos - lo);
    };
    const failed = await failing("8.2", inPlace);
    assert.deepEqual(failed, ["leaves the caller's array in its order (sorts a copy)"]);
    const r = (await runTests(all("8.2"), inPlace)).find((x) => !x.passed);
    assert.match(r.message, /your function changed values \(argument 1\)/);
    assert.match(r.hint, /do not sort it/);
  });

  it("expect receives the arguments as they stood after the call (argsAfter), through a grader's call too", async () => {
    const seen = [];
    const exercise = { id: "9.9", name: "f", tests: [{ name: "sees argsAfter", args: [[1, 2]], expect: (_r, after) => seen.push(after) }] };
    runTests(exercise, (a) => a.push(3));
    assert.deepEqual(seen[0], [[1, 2, 3]]);
    await runTests(exercise, () => 0, { call: async (args) => ({ returned: 0, argsAfter: [[...args[0], 9]] }) });
    assert.deepEqual(seen[1], [[1, 2, 9]]);
  });
});

describe("text never renders as maths or HTML by accident", () => {
  it("dollar signs and tags in names and messages are escaped, and the report is marked tex2jax_ignore", () => {
    assert.equal(safeHtml("at $2/h that is $2 <b>"), "at <span>&#36;</span>2/h that is <span>&#36;</span>2 &lt;b&gt;");
    const exercise = { id: "4.9", title: "Cost $", name: "f", tests: [{ name: "at $2/h that is $2", args: [], expect: () => assert.fail("got $3 <i>x</i>") }] };
    const { html } = report(exercise, runTests(exercise, () => 3));
    assert.doesNotMatch(html, /\$|<i>/);
    assert.match(html, /tex2jax_ignore/);
  });
});

describe("markdown cells may be annotated", () => {
  const chapter = tools.lessons.listChapters(path.join(root, "lessons")).find((c) => c.slug.startsWith("00-"));
  const released = tools.grading.readCells(tools.lessons.buildChapter(chapter, "student"), "release");

  it("the built notebook marks markdown cells editable", () => {
    const nb = JSON.parse(tools.lessons.buildChapter(chapter, "student"));
    const markdown = nb.cells.filter((c) => c.cell_type === "markdown");
    assert.ok(markdown.length > 5 && markdown.every((c) => c.metadata.editable === true));
  });

  it("an annotated markdown cell is not flagged; an edited code cell still is", () => {
    const notes = structuredClone(released);
    const i = notes.findIndex((c) => c.cell_type === "markdown");
    notes[i].source = [...[].concat(notes[i].source), "\n\nMy note: MSE punishes big errors more."];
    const plan = tools.grading.planSubmission(released, notes);
    assert.equal(plan.tampered, false);
    assert.deepEqual(plan.flags, []);
    const edited = structuredClone(released);
    const j = edited.findIndex((c) => c.cell_type === "code" && !c.metadata.trainlab.exercise);
    edited[j].source = ["const answer = 41;"];
    assert.equal(tools.grading.planSubmission(released, edited).tampered, true);
  });
});
