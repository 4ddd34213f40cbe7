// The prediction server attacked over loopback as a hostile client would (issue 19): each case
// below failed against the server before the fix. Bounded: two servers, a few dozen requests.
import assert from "node:assert/strict";
import * as http from "node:http";
import { lab, request, post, raw, parseRaw, loadFashion, image, until } from "./helpers.mjs";

const PREDICT = "/v1/models/fashion-base:predict";

describe("trainlab serve under abuse (loopback)", function () {
  this.timeout(60000);
  let fashion, fast, slow;
  before(async () => {
    fashion = await loadFashion();
    // fast: the backend the training core selects; slow: pure-JS cpu, so one batch takes long enough to overlap with other requests.
    fast = await lab.deploy.serve(fashion, { bodyIdleTimeoutMs: 300, headersTimeoutMs: 500 });
    slow = await lab.deploy.serve(fashion, { backend: "cpu", maxBatchSize: 256, maxQueuedInstances: 300, maxBodyBytes: 4_000_000 });
  });
  after(async () => {
    await Promise.all([fast?.close(), slow?.close()]);
    fashion?.model.dispose();
  });

  describe("1. inference never blocks the event loop", () => {
    it("predicts in a worker thread on the backend the training core selects", () => {
      assert.equal(fast.inference.mode, "worker");
      assert.match(fast.inference.why, /^Trainlab backend: /);
      if (!process.env.TRAINLAB_BACKEND) assert.notEqual(fast.inference.backend, "cpu", fast.inference.why);
    });

    it("answers a status request while a 256-image batch is computing", async () => {
      const big = post(slow.url + PREDICT, { instances: Array.from({ length: 256 }, (_, i) => image(i / 256)) });
      assert.ok(await until(() => slow.stats().computing), "the batch never started");
      const status = await request(`${slow.url}/v1/models/fashion-base`);
      const statusAt = performance.now();
      assert.equal(slow.stats().computing, true, "the batch finished before the status answer: the check proves nothing");
      assert.equal(status.status, 200);
      const done = await big;
      assert.equal(done.status, 200);
      assert.ok(statusAt < done.at);
    });
  });

  describe("2. bounded work", () => {
    const images = (n, v = 0.3) => ({ instances: Array.from({ length: n }, () => image(v)) });

    it("refuses work beyond the queue depth with 503 and Retry-After", async () => {
      const first = post(slow.url + PREDICT, images(256));
      assert.ok(await until(() => slow.stats().computing));
      const queued = post(slow.url + PREDICT, images(256));
      assert.ok(await until(() => slow.stats().queued === 256));
      const refused = await post(slow.url + PREDICT, images(64));
      assert.equal(refused.status, 503);
      assert.match(refused.headers["retry-after"], /^\d+$/);
      assert.match(refused.json.error, /capacity/);
      assert.deepEqual([(await first).status, (await queued).status], [200, 200]);
    });

    it("answers 504 and never computes a request whose deadline passed while it waited", async () => {
      const before = slow.stats();
      const first = post(slow.url + PREDICT, images(256));
      assert.ok(await until(() => slow.stats().computing));
      const late = await post(slow.url + PREDICT, images(3), { "X-Deadline-Ms": "20" });
      assert.equal(late.status, 504);
      assert.match(late.json.error, /deadline/);
      assert.equal((await first).status, 200);
      const after = slow.stats();
      assert.equal(after.instances - before.instances, 256, "only the first request was computed");
      assert.equal(after.dropped.expired - before.dropped.expired, 1);
    });

    it("drops a request whose client disconnected before it reached the model", async () => {
      const before = slow.stats();
      const first = post(slow.url + PREDICT, images(256));
      assert.ok(await until(() => slow.stats().computing));
      const req = http.request(slow.url + PREDICT, { method: "POST", agent: false });
      req.on("error", () => {});
      req.end(JSON.stringify(images(5)));
      assert.ok(await until(() => slow.stats().queued === 5), "the second request was not queued behind the first");
      req.destroy();
      assert.ok(await until(() => slow.stats().dropped.cancelled > before.dropped.cancelled), "the abandoned request was not dropped");
      assert.equal((await first).status, 200);
      await until(() => !slow.stats().computing && slow.stats().queued === 0);
      const after = slow.stats();
      assert.equal(after.instances - before.instances, 256, "the abandoned request was computed");
    });
  });

  describe("3. inputs checked in the model's dtype (float32)", () => {
    for (const [value, shown] of [[1e300, "1e\\+300"], [3.5e38, "3\\.5e\\+38"], [-1e39, "-1e\\+39"]]) {
      it(`refuses a pixel of ${value} (finite as a double, Infinity as float32) naming its position`, async () => {
        const r = await post(fast.url + PREDICT, { instances: [image(0.5), image(0.5, [3, 4], value)] });
        assert.equal(r.status, 400);
        assert.match(r.json.error, new RegExp(`^instances\\[1\\]\\[3\\]\\[4\\]\\[0\\] is ${shown}, which overflows float32`));
      });
    }
    for (const token of ["NaN", "Infinity", "-Infinity"]) {
      it(`refuses TF Serving's ${token} token naming its position`, async () => {
        const body = JSON.stringify({ inputs: [image(0.5, [2, 5], 12345.5)] }).replace("12345.5", token);
        const r = await post(fast.url + PREDICT, body);
        assert.equal(r.status, 400);
        assert.match(r.json.error, new RegExp(`^inputs\\[0\\]\\[2\\]\\[5\\]\\[0\\] is ${token}; the model takes finite float32`));
      });
    }
    it("records nothing the model refused, so the drift report still works", async () => {
      fast.clearMonitored();
      const ok = await post(fast.url + PREDICT, { instances: [image(0.2), image(0.4), image(0.6), image(0.8)] });
      assert.equal(ok.status, 200);
      assert.equal((await post(fast.url + PREDICT, { instances: [image(0.5, [0, 0], 1e300)] })).status, 400);
      assert.equal((await post(fast.url + PREDICT, { instances: [image(0.5, [0, 0], 3.5e38)] })).status, 400);
      const live = fast.monitored();
      assert.equal(live.input_mean.length, 4);
      for (const [k, col] of Object.entries(live)) assert.ok(col.every(Number.isFinite), k);
      const x = lab.tf.tensor4d(Array.from({ length: 8 }, (_, i) => image(i / 8)));
      const reference = lab.deploy.monitorColumns(fashion.model, x);
      x.dispose();
      assert.ok(lab.deploy.driftReport(reference, live).features.length > 0);
    });
  });

  describe("4. body size and time limits, transport errors as TF Serving JSON", () => {
    it("answers 413 as soon as a chunked body passes the limit, and reads no further", async () => {
      const chunk = Buffer.alloc(65536, 0x20);
      const r = await raw(fast.port, `POST ${PREDICT} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`, {
        timeoutMs: 15000,
        feed: (s, wrote, ended) => {
          const more = () => {
            if (ended() || s.destroyed) return;
            if (s.writableLength > 1 << 20) return setTimeout(more, 5);
            s.write(`10000\r\n`);
            s.write(chunk);
            s.write("\r\n", () => wrote(65536));
            setImmediate(more);
          };
          more();
        },
      });
      const { status, json } = parseRaw(r.text);
      assert.equal(status, 413, r.how);
      assert.match(json.error, /limit of 1000000 bytes/);
      assert.ok(r.written < 16e6, `the server kept reading: ${r.written} bytes sent`);
    });

    it("answers 408 with a JSON error for a body that stalls", async () => {
      const r = await raw(fast.port, `POST ${PREDICT} HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{"instances": [`, { timeoutMs: 10000 });
      const { status, json } = parseRaw(r.text);
      assert.equal(status, 408, r.how);
      assert.match(json.error, /stalled/);
    });

    it("answers 408 with a JSON error for headers that never end (slow loris)", async () => {
      const r = await raw(fast.port, `GET /v1/models/fashion-base HTTP/1.1\r\nHost: x\r\nX-Slow: 1`, { timeoutMs: 10000 });
      const { status, json } = parseRaw(r.text);
      assert.equal(status, 408, r.how);
      assert.equal(typeof json.error, "string");
    });

    it("answers 414 for a URL too long and 431 for headers too large, as JSON", async () => {
      const longUrl = await raw(fast.port, `GET /v1/models/${"a".repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.equal(parseRaw(longUrl.text).status, 414);
      assert.match(parseRaw(longUrl.text).json.error, /too long/);
      const mid = await request(`${fast.url}/v1/models/${"b".repeat(5000)}`);
      assert.equal(mid.status, 414);
      const bigHeader = await raw(fast.port, `GET /v1/models/fashion-base HTTP/1.1\r\nHost: x\r\nX-Big: ${"c".repeat(20000)}\r\n\r\n`);
      assert.equal(parseRaw(bigHeader.text).status, 431);
      assert.match(parseRaw(bigHeader.text).json.error, /headers are too large/);
    });

    it("never echoes more than a short excerpt of the input in an error", async () => {
      const huge = "x".repeat(900000);
      const cases = [
        '{"instances": [' + huge,
        JSON.stringify({ signature_name: huge, instances: [] }),
        JSON.stringify({ instances: [{ [huge]: 1 }] }),
        JSON.stringify({ instances: [[huge]] }),
      ];
      for (const body of cases) {
        const r = await post(fast.url + PREDICT, body);
        assert.equal(r.status, 400);
        assert.ok(r.text.length < 600, `${r.text.length} characters: ${r.text.slice(0, 100)}`);
      }
      const path = await request(`${fast.url}/v2/${"p".repeat(3000)}`);
      assert.equal(path.status, 404);
      assert.ok(path.text.length < 600);
    });

    it("answers 413 to Expect: 100-continue with a 10 GB body, without 100 Continue", async () => {
      const r = await raw(fast.port, `POST ${PREDICT} HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\nExpect: 100-continue\r\n\r\n`, { timeoutMs: 5000 });
      assert.match(r.text, /^HTTP\/1\.1 413 /);
      assert.match(parseRaw(r.text).json.error, /limit/);
    });

    it("still sends 100 Continue for a body within the limit, then predicts", async () => {
      const body = JSON.stringify({ instances: [image(0.5)] });
      const r = await raw(fast.port, `POST ${PREDICT} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`, {
        timeoutMs: 10000,
        feed: (s) => s.once("data", () => s.write(body)),
      });
      assert.match(r.text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    });
  });

  describe("5. malformed percent-encoding", () => {
    it("answers 400 (not 500) for a model name with a broken %-escape", async () => {
      const a = await post(`${fast.url}/v1/models/fashion-base%E0%A4%A:predict`, { instances: [image(0.5)] });
      assert.equal(a.status, 400);
      assert.match(a.json.error, /percent-encoding/);
      const b = await request(`${fast.url}/v1/models/%ZZ`);
      assert.equal(b.status, 400);
    });
  });

  describe("afterwards", () => it("kept serving through all of it", async () => {
    const r = await post(fast.url + PREDICT, { instances: [image(0.5)] });
    assert.equal(r.status, 200);
    assert.equal(r.json.predictions[0].length, 5);
    assert.ok(!("500" in fast.stats().byStatus) && !("500" in slow.stats().byStatus));
  }));
});
