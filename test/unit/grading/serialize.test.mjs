// The value serialization between the grader and a learner's process (grading/serialize.ts).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tools = require("../../../instructor/dist/index.js");
const { encode, decode } = tools.grading;
const tf = lab.tf;

// Through JSON and back, as a stricter channel than Node's "advanced" IPC.
const trip = (v, options) => decode(JSON.parse(JSON.stringify(encode(v))), options);

describe("grading serialization", () => {
  it("keeps the numbers JSON loses: NaN, ±Infinity, -0", () => {
    const back = trip([NaN, Infinity, -Infinity, -0, 0, 1.5, -2]);
    assert.ok(Number.isNaN(back[0]));
    assert.equal(back[1], Infinity);
    assert.equal(back[2], -Infinity);
    assert.ok(Object.is(back[3], -0));
    assert.ok(Object.is(back[4], 0));
    assert.deepEqual(back.slice(5), [1.5, -2]);
  });

  it("round-trips strings, booleans, null, undefined, bigint, nested arrays and plain objects", () => {
    const value = { s: "héllo", t: true, f: false, n: null, u: undefined, big: 12345678901234567890n, nested: [[1, [2, { a: [3] }]]], "__proto__x": 1 };
    const back = trip(value);
    assert.deepEqual(back, value);
    assert.ok("u" in back);
  });

  it("keeps a key named __proto__ as data, without changing the prototype", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}');
    const back = trip(value);
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.deepEqual(Object.keys(back), ["__proto__"]);
    assert.equal({}.polluted, undefined);
  });

  it("round-trips typed arrays, Maps, Sets, Dates and Errors with their types", () => {
    const back = trip({ f: new Float32Array([1.5, NaN]), i: new Int32Array([-3, 4]), m: new Map([["a", 1], [2, [3]]]), s: new Set([1, "x"]), d: new Date("2020-01-02T03:04:05Z"), e: new RangeError("bad") });
    assert.ok(back.f instanceof Float32Array);
    assert.equal(back.f[0], 1.5);
    assert.ok(Number.isNaN(back.f[1]));
    assert.ok(back.i instanceof Int32Array);
    assert.deepEqual([...back.i], [-3, 4]);
    assert.ok(back.m instanceof Map);
    assert.deepEqual([...back.m], [["a", 1], [2, [3]]]);
    assert.deepEqual([...back.s], [1, "x"]);
    assert.equal(back.d.toISOString(), "2020-01-02T03:04:05.000Z");
    assert.ok(back.e instanceof Error);
    assert.equal(back.e.name, "RangeError");
    assert.equal(back.e.message, "bad");
  });

  it("sends tensors as {shape, dtype, values} and rebuilds real tensors, leaking none", () => {
    const before = tf.memory().numTensors;
    const t = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], "int32");
    const encoded = encode(t);
    assert.deepEqual(encoded, { $: "tensor", shape: [2, 3], dtype: "int32", values: [1, 2, 3, 4, 5, 6] });
    const back = decode(JSON.parse(JSON.stringify(encoded)));
    assert.deepEqual(back.shape, [2, 3]);
    assert.equal(back.dtype, "int32");
    assert.deepEqual(back.arraySync(), t.arraySync());
    t.dispose();
    back.dispose();
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(decode(encoded, { tensor: (x) => x }), { shape: [2, 3], dtype: "int32", values: [1, 2, 3, 4, 5, 6] });
  });

  it("sends arquero tables as columns and rebuilds arquero tables", () => {
    const aq = require("arquero");
    const table = aq.table({ x: [1, NaN, 3], name: ["a", "b", null] });
    const encoded = encode(table);
    assert.equal(encoded.$, "table");
    const back = decode(JSON.parse(JSON.stringify(encoded)));
    assert.deepEqual(back.columnNames(), ["x", "name"]);
    assert.equal(back.numRows(), 3);
    assert.ok(Number.isNaN(back.array("x")[1]));
    assert.deepEqual(back.array("name"), ["a", "b", null]);
  });

  it("refuses functions, symbols and cycles with a message saying what to send instead", () => {
    assert.throws(() => encode({ f: () => 1 }), /a function cannot be sent/);
    assert.throws(() => encode(Symbol("s")), /a symbol cannot be sent/);
    const cyclic = { a: 1 };
    cyclic.self = cyclic;
    assert.throws(() => encode(cyclic), /cycle/);
    const shared = [1];
    assert.deepEqual(trip([shared, shared]), [[1], [1]]);
  });

  it("rejects anything it did not write, so a hostile process can only send data", () => {
    for (const bad of [{ $: "function", source: "x" }, { $: "number", value: "7" }, { $: "typedarray", type: "Buffer", values: [] }, { $: "tensor", shape: [2], dtype: "float32", values: [1] }, { nothing: 1 }, Infinity]) {
      assert.throws(() => decode(bad), { name: "TrainlabError" }, JSON.stringify(bad));
    }
  });
});
