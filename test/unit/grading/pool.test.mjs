// The pool of grading children started ahead (instructor/src/grading/pool.ts): every child serves
// one submission, spares never outnumber what the run can still use, and the ones left over end.
// The children here are stand-ins that record what happened to them; grading through real
// sandboxed children with the pool is covered by test/integration/grading/*.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { childPool } = require("../../../instructor/dist/grading/pool.js");

/** A factory of stand-in children, numbered in start order. */
function factory() {
  const made = [];
  const start = async () => {
    const child = { id: made.length, session: { ended: null }, closed: 0, close: async () => void child.closed++ };
    made.push(child);
    return child;
  };
  return { made, start };
}

describe("grading children started ahead (childPool)", () => {
  it("hands out a child started before the take, then starts a spare for the next submission", async () => {
    const { made, start } = factory();
    let left = 3;
    const pool = childPool(start, { spares: 1, wanted: () => left });
    left--;
    const first = await pool.take();
    assert.equal(first.id, 0);
    assert.equal(made.length, 2, "a spare started while the first submission runs");
    left--;
    const second = await pool.take();
    assert.equal(second.id, 1, "the second submission gets the spare");
    left--;
    const third = await pool.take();
    assert.equal(third.id, 2);
    assert.equal(made.length, 3, "no spare once every submission has its child");
    await pool.close();
    assert.deepEqual(made.map((c) => c.closed), [0, 0, 0], "children given out are their submission's to end");
  });

  it("never gives a child twice, and keeps at most `spares` started", async () => {
    const { made, start } = factory();
    let left = 10;
    const pool = childPool(start, { spares: 2, wanted: () => left });
    const given = [];
    for (let i = 0; i < 10; i++) {
      left--;
      given.push((await pool.take()).id);
      assert.ok(made.length - given.length <= 2, `at most 2 spares (take ${i + 1})`);
    }
    assert.equal(new Set(given).size, 10);
    assert.equal(made.length, 10);
    await pool.close();
  });

  it("warm() starts the spares before the first take, and the first takes get them", async () => {
    const { made, start } = factory();
    let left = 4;
    const pool = childPool(start, { spares: 2, wanted: () => left });
    pool.warm();
    assert.equal(made.length, 2);
    left--;
    assert.equal((await pool.take()).id, 0);
    left--;
    assert.equal((await pool.take()).id, 1);
    assert.equal(made.length, 4, "two more for the last two submissions");
    await pool.close();
    assert.deepEqual(made.map((c) => c.closed), [0, 0, 1, 1]);
  });

  it("ends the spares nobody took when the run ends", async () => {
    const { made, start } = factory();
    const pool = childPool(start, { spares: 2, wanted: () => 5 });
    await pool.take();
    await pool.close();
    assert.deepEqual(made.map((c) => c.closed), [0, 1, 1]);
    assert.equal(made.length, 3, "nothing starts after close");
  });

  it("replaces a spare that died while it waited", async () => {
    const { made, start } = factory();
    const pool = childPool(start, { spares: 1, wanted: () => 1 });
    await pool.take();
    made[1].session.ended = "crashed";
    const next = await pool.take();
    assert.equal(made[1].closed, 1);
    assert.notEqual(next.id, 1);
    assert.equal(next.session.ended, null);
    await pool.close();
  });

  it("a spare that could not start fails the take that gets it, and nothing else", async () => {
    let n = 0;
    const start = async () => {
      if (n++ === 1) throw new Error("no free uid");
      return { session: { ended: null }, close: async () => undefined };
    };
    const pool = childPool(start, { spares: 1, wanted: () => 1 });
    await pool.take();
    await assert.rejects(pool.take(), /no free uid/);
    await pool.close();
  });
});
