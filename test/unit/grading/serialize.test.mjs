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

  it("sends typed arrays as base64 of their bytes: exact (NaN payloads, -0) and small", () => {
    const f = new Float32Array([1.5, -0, Infinity, NaN, 3.4028234663852886e38, 1e-45]);
    new Uint32Array(f.buffer)[3] = 0x7fc00123; // a NaN with a payload
    const encoded = encode(f);
    assert.deepEqual(Object.keys(encoded), ["$", "type", "base64"]);
    const back = trip(f);
    assert.ok(back instanceof Float32Array);
    assert.deepEqual(new Uint32Array(back.buffer), new Uint32Array(f.buffer), "the same bits");
    for (const a of [new Int8Array([-128, 127]), new Uint8ClampedArray([0, 255]), new Uint16Array([65535]), new Float64Array([Math.PI, -0]),
      new Int32Array([-(2 ** 31)]), new Uint8Array(0), new Float32Array(new ArrayBuffer(16), 4, 2)]) {
      const got = trip(a);
      assert.equal(got.constructor, a.constructor);
      assert.deepEqual([...got].map(String), [...a].map(String));
    }
    assert.deepEqual(trip(new BigInt64Array([-5n, 2n ** 62n])), new BigInt64Array([-5n, 2n ** 62n]));
    // A million floats: ~1.3 bytes of text per byte, not ~18 bytes of decimals per float.
    const big = new Float32Array(1_000_000).map((_, i) => Math.sin(i));
    const text = JSON.stringify(encode(big));
    assert.ok(text.length < 5_400_000, `${text.length} characters`);
    assert.deepEqual(decode(JSON.parse(text)), big);
  });

  it("sends tensors as {shape, dtype, base64} (float32, int32, bool) or values, and rebuilds real tensors, leaking none", () => {
    const before = tf.memory().numTensors;
    const t = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], "int32");
    const encoded = encode(t);
    assert.deepEqual(encoded, { $: "tensor", shape: [2, 3], dtype: "int32", base64: Buffer.from(new Int32Array([1, 2, 3, 4, 5, 6]).buffer).toString("base64") });
    const back = decode(JSON.parse(JSON.stringify(encoded)));
    assert.deepEqual(back.shape, [2, 3]);
    assert.equal(back.dtype, "int32");
    assert.deepEqual(back.arraySync(), t.arraySync());
    const seen = decode(encoded, { tensor: (x) => x });
    assert.deepEqual([seen.shape, seen.dtype, [...seen.values]], [[2, 3], "int32", [1, 2, 3, 4, 5, 6]]);
    for (const other of [tf.tensor([0.5, NaN, -0], [3]), tf.tensor([true, false], [2], "bool"), tf.tensor(["a", "b"]), tf.scalar(7)]) {
      const again = trip(other);
      assert.equal(again.dtype, other.dtype);
      assert.deepEqual(again.shape, other.shape);
      assert.deepEqual([...again.dataSync()].map(String), [...other.dataSync()].map(String));
      again.dispose();
      other.dispose();
    }
    const strings = tf.tensor(["a"]);
    assert.deepEqual(encode(strings).values, ["a"]);
    strings.dispose();
    t.dispose();
    back.dispose();
    assert.equal(tf.memory().numTensors, before);
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
    const b64 = (bytes) => Buffer.from(bytes).toString("base64");
    for (const bad of [{ $: "function", source: "x" }, { $: "number", value: "7" }, { $: "typedarray", type: "Buffer", values: [] }, { $: "tensor", shape: [2], dtype: "float32", values: [1] }, { nothing: 1 }, Infinity,
      { $: "typedarray", type: "constructor", base64: "" }, { $: "typedarray", type: "__proto__", base64: "" }, { $: "typedarray", type: "DataView", base64: "" },
      { $: "typedarray", type: "Float32Array", values: [1] }, // numbers only as bytes
      { $: "typedarray", type: "Float32Array", base64: b64([1, 2, 3]) }, // 3 bytes: not a whole float
      { $: "typedarray", type: "Float32Array", base64: "AAAA AAA=" }, { $: "typedarray", type: "Float32Array", base64: "AAAAAA" }, // not canonical base64
      { $: "typedarray", type: "Int32Array", base64: 5 }, { $: "typedarray", type: "BigInt64Array", values: [1] }, { $: "typedarray", type: "BigInt64Array", base64: b64(new Uint8Array(8)) },
      { $: "tensor", shape: [3], dtype: "float32", base64: b64(new Uint8Array(8)) }, // 2 floats for 3
      { $: "tensor", shape: [2], dtype: "string", base64: b64(new Uint8Array(8)) }]) {
      assert.throws(() => decode(bad), { name: "TrainlabError" }, JSON.stringify(bad));
    }
  });
});
