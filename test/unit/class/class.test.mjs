// The class commands' pure parts: late policies, class.json checks, LMS layouts, written answers,
// manual marks, the hub's config. (The whole week, with a real hub: test/integration/class/.)
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const dist = (m) => require(`../../../instructor/dist/${m}`);
const { lateness, penalised } = dist("cli/class/deadlines.js");
const { readClass } = dist("cli/class/config.js");
const { exportGradebook } = dist("cli/class/export.js");
const { classCsv } = dist("cli/class/classbook.js");
const { writtenAnswer, writtenQuestions } = dist("cli/class/written.js");
const { saveMark, readMarks } = dist("cli/class/manual-marks.js");
const { hubConfig } = dist("cli/class/hub.js");
const { classArgs } = dist("cli/class/args.js");
const { changeTable } = dist("cli/class/grade-class.js");
const { parseLesson } = dist("lessons/parse.js");
const { toNotebook } = dist("lessons/notebook.js");

const DEADLINE = "2026-12-01T12:00:00Z";
const at = (iso) => Date.parse(iso);

describe("late policies", () => {
  it("none: late work is noted, never charged", () => {
    const l = lateness(at("2026-12-03T12:00:00Z"), { deadline: DEADLINE }, "amy");
    assert.deepEqual([l.daysLate, l.penaltyPercent, l.accepted], [2, 0, true]);
  });

  it("per-day: each started day costs the percentage (one second late is one day); maxDays refuses", () => {
    const a = { deadline: DEADLINE, late: { policy: "per-day", percent: 10, maxDays: 3 } };
    assert.equal(lateness(at(DEADLINE), a, "amy").penaltyPercent, 0, "at the deadline is on time");
    assert.equal(lateness(at("2026-12-01T12:00:01Z"), a, "amy").penaltyPercent, 10);
    assert.equal(lateness(at("2026-12-02T12:00:00Z"), a, "amy").penaltyPercent, 10);
    assert.equal(lateness(at("2026-12-02T12:00:01Z"), a, "amy").penaltyPercent, 20);
    const tooLate = lateness(at("2026-12-04T12:00:01Z"), a, "amy");
    assert.deepEqual([tooLate.daysLate, tooLate.accepted, penalised(9, tooLate)], [4, false, 0]);
    assert.equal(penalised(7, lateness(at("2026-12-02T00:00:00Z"), a, "amy")), 6.3);
    assert.equal(lateness(at("2026-12-30T00:00:00Z"), { deadline: DEADLINE, late: { policy: "per-day", percent: 25 } }, "amy").penaltyPercent, 100, "never more than 100%");
  });

  it("cutoff: full marks up to the cut-off, nothing after", () => {
    const a = { deadline: DEADLINE, late: { policy: "cutoff", cutoff: "2026-12-02T12:00:00Z" } };
    assert.deepEqual([lateness(at("2026-12-02T11:00:00Z"), a, "amy").penaltyPercent, lateness(at("2026-12-02T11:00:00Z"), a, "amy").accepted], [0, true]);
    assert.equal(lateness(at("2026-12-02T12:00:01Z"), a, "amy").accepted, false);
    assert.equal(lateness(at("2026-12-01T12:00:01Z"), { deadline: DEADLINE, late: { policy: "cutoff" } }, "amy").accepted, false, "no cut-off: the deadline is the cut-off");
  });

  it("an extension replaces the student's deadline, and moves a cut-off before it", () => {
    const a = { deadline: DEADLINE, late: { policy: "cutoff" }, extensions: { bo: "2026-12-05T12:00:00Z" } };
    const bo = lateness(at("2026-12-04T00:00:00Z"), a, "bo");
    assert.deepEqual([bo.daysLate, bo.accepted, bo.deadline], [0, true, "2026-12-05T12:00:00.000Z"]);
    assert.equal(lateness(at("2026-12-04T00:00:00Z"), a, "amy").accepted, false);
  });
});

describe("class.json", () => {
  const write = (config) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-classjson-"));
    fs.writeFileSync(path.join(dir, "class.json"), JSON.stringify(config));
    return dir;
  };
  it("says what is wrong: bad logins, duplicate students, times without a zone, unknown policies, extensions for strangers", () => {
    const ok = { students: [{ login: "amy" }], assignments: { "00-getting-started": { deadline: DEADLINE } } };
    assert.equal(readClass(write(ok)).students[0].login, "amy");
    const bad = [
      [{ ...ok, students: [{ login: "Amy Ames" }] }, /not a valid login/],
      [{ ...ok, students: [{ login: "amy" }, { login: "amy" }] }, /listed twice/],
      [{ ...ok, assignments: { x: { deadline: "2026-12-01 12:00" } } }, /ISO 8601 time with a time zone/],
      [{ ...ok, assignments: { x: { deadline: DEADLINE, late: { policy: "half" } } } }, /"none", "per-day" or "cutoff"/],
      [{ ...ok, assignments: { x: { deadline: DEADLINE, late: { policy: "per-day", percent: 120 } } } }, /between 0 and 100/],
      [{ ...ok, assignments: { x: { deadline: DEADLINE, extensions: { zed: DEADLINE } } } }, /"zed", who is not in "students"/],
      [{ ...ok, students: [] }, /non-empty list/],
    ];
    for (const [config, message] of bad) assert.throws(() => readClass(write(config)), message);
    assert.throws(() => readClass(fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-classjson-"))), /No class\.json/);
  });
});

describe("LMS export layouts", () => {
  const config = {
    students: [{ login: "amy", name: "Ames, Amy", canvasId: "11", sisId: "S1", section: "A", email: "amy@x.edu" }, { login: "bo" }],
    assignments: { "00-getting-started": { deadline: DEADLINE, canvasId: "77" }, "01-data-quality": { deadline: DEADLINE } },
  };
  const row = (student, assignment, score, max = 10) => ({ student, assignment, submitted: "", deadline: DEADLINE, daysLate: 0, auto: score, manual: 0, max, raw: score, penaltyPercent: 0, score, status: "graded" });
  const rows = [row("amy", "00-getting-started", 9.5), row("bo", "00-getting-started", 0), row("amy", "01-data-quality", 4, 6)];

  it("canvas: Student, ID, SIS User ID, SIS Login ID, Section, one 'Name (id)' column per assignment, a Points Possible row", () => {
    const text = exportGradebook(config, rows, "canvas");
    assert.equal(text, [
      "Student,ID,SIS User ID,SIS Login ID,Section,00-getting-started (77),01-data-quality",
      "Points Possible,,,,,10,6",
      '"Ames, Amy",11,S1,amy,A,9.5,4',
      "bo,,,bo,,0,0",
      "",
    ].join("\r\n"));
  });

  it("moodle: username, email, idnumber (the user mapping columns), then one column per grade item", () => {
    assert.equal(exportGradebook(config, rows, "moodle"), ["username,email,idnumber,00-getting-started,01-data-quality", "amy,amy@x.edu,S1,9.5,4", "bo,,,0,0", ""].join("\r\n"));
  });

  it("csv and the class gradebook neutralise formula-like text", () => {
    const evil = { ...config, students: [{ login: "amy", name: "=HYPERLINK(1)" }] };
    assert.match(exportGradebook(evil, rows, "csv"), /amy,'=HYPERLINK\(1\)/);
    assert.match(classCsv([{ ...rows[0], status: "+cmd" }]), /,'\+cmd\n$/);
  });
});

describe("written answers", () => {
  it("```answer id=N.M becomes an editable markdown cell the grader knows as written", () => {
    const cells = parseLesson("# T\n\nWhy?\n\n```answer id=0.4\n_Your answer:_\n```\n\nMore text.\n");
    assert.deepEqual(cells.map((c) => c.kind), ["markdown", "written", "markdown"]);
    const nb = toNotebook(cells, "00-x", "student");
    assert.equal(nb.cells[1].cell_type, "markdown");
    assert.deepEqual(nb.cells[1].metadata.trainlab, { kind: "written", written: "0.4" });
    assert.throws(() => parseLesson("```answer\nx\n```\n"), /needs its question id/);
    assert.throws(() => parseLesson("```answer id=0.4\nx\n"), /never closed/);
  });

  it("finds the answer and the text outputs of its section (since the last heading)", () => {
    const nb = { cells: [
      { cell_type: "markdown", source: "## One", metadata: {} },
      { cell_type: "code", source: "a", metadata: {}, outputs: [{ output_type: "stream", text: ["not this section\n"] }] },
      { cell_type: "markdown", source: "## Two\ntext", metadata: {} },
      { cell_type: "code", source: "b", metadata: {}, outputs: [{ output_type: "stream", text: "loss 0.1\n" }, { output_type: "execute_result", data: { "text/plain": "42" } }] },
      { cell_type: "markdown", source: ["_Your answer:_ ", "because noise"], metadata: { trainlab: { kind: "written", written: "0.4" } } },
    ] };
    const a = writtenAnswer(JSON.stringify(nb), "0.4");
    assert.equal(a.answer, "because noise");
    assert.deepEqual(a.outputs, [{ cell: 4, text: "loss 0.1\n42" }]);
    assert.deepEqual(writtenAnswer(JSON.stringify(nb), "0.9"), { question: "0.9", answer: "", outputs: [] });
  });

  it("chapter 0's written question has points and a rubric", () => {
    const [q] = writtenQuestions("00-getting-started", path.resolve("lessons"));
    assert.equal(q.id, "0.4");
    assert.equal(q.points, 2);
    assert.ok(q.rubric.length >= 2);
  });
});

describe("manual marks", () => {
  it("saves atomically, keeps reusable comments most recent first, refuses points outside 0..max", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-marks-")), "m.json");
    saveMark(file, "amy", "0.4", { points: 2, max: 2, comment: "Good." });
    saveMark(file, "bo", "0.4", { points: 1, max: 2, comment: "Half." });
    saveMark(file, "cy", "0.4", { points: 1, max: 2, comment: "Good." });
    const m = readMarks(file);
    assert.deepEqual(m.comments, ["Good.", "Half."]);
    assert.equal(m.marks.bo["0.4"].points, 1);
    assert.throws(() => saveMark(file, "amy", "0.4", { points: 3, max: 2, comment: "" }), /between 0 and 2/);
    assert.equal(readMarks(file).marks.amy["0.4"].points, 2, "a refused mark changes nothing");
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["m.json"], "no temporary file left behind");
  });
});

describe("hub config and class command lines", () => {
  it("the hub config binds loopback, runs Debian's proxy with Debian's node modules, puts the kernel on JUPYTER_PATH", () => {
    const text = hubConfig({ course: "/opt/trainlab", users: ["amy", "bo"], dir: "/srv/class/hub", port: 8100 });
    for (const line of [
      'c.JupyterHub.ip = "127.0.0.1"',
      "c.JupyterHub.port = 8100",
      'c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8101"',
      "c.JupyterHub.hub_port = 8102",
      'c.ConfigurableHTTPProxy.command = ["env", "NODE_PATH=/usr/share/nodejs", "configurable-http-proxy"]',
      'c.Spawner.environment = {"JUPYTER_PATH": "/opt/trainlab/kernel"}',
      'c.Authenticator.allowed_users = set(["amy","bo"])',
      'c.JupyterHub.authenticator_class = "pam"',
    ]) assert.ok(text.includes(line), line);
  });

  it("class options: repeatable values, switches, unknown options refused", () => {
    const { classDir, rest, options, on } = classArgs(["0", "--class", "c", "--student", "a", "--student", "b", "--everyone"], "usage", ["--student"], ["--everyone"]);
    assert.deepEqual([classDir, rest, options["--student"], on.has("--everyone")], ["c", ["0"], ["a", "b"], true]);
    assert.throws(() => classArgs(["--bogus"], "usage"), /unknown option --bogus/);
    assert.throws(() => classArgs(["--class"], "usage"), /--class needs a value/);
  });

  it("the regrade table shows before and after per student", () => {
    const t = changeTable([{ at: "", chapter: "x", student: "amy", action: "regrade", before: { auto: 5, manual: 2, raw: 7, score: 7, status: "" }, after: { auto: 6, manual: 2, raw: 8, score: 8, status: "" } }]);
    assert.match(t, /^student\s+action\s+raw before\s+raw after\s+score before\s+score after\s+change\namy\s+regrade\s+7\s+8\s+7\s+8\s+\+1$/);
  });
});
