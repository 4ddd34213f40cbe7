// A model card shows whole where a notebook prints it (a cell's last expression, console.log).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const tf = require("@tensorflow/tfjs");

describe("deploy model card display", () => {
  it("prints every nested value (no [Array]) after saving and loading; JSON and the saved file are unchanged", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: "softmax" })] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-card-"));
    const described = lab.deploy.describeModel(model, { name: "tiny", metrics: { accuracy: 0.5 }, data: { source: "unit test", version: "1" } });
    described.outputs[0].labels = ["no", "yes"];
    const card = await lab.deploy.saveWithCard(model, dir, described);
    const loaded = await lab.deploy.loadWithCard(dir);
    for (const c of [card, loaded.card]) {
      const shown = inspect(c);
      assert.doesNotMatch(shown, /\[Array\]|\[Object\]/, shown);
      assert.match(shown, /shape: \[ 3 \]/);
      assert.match(shown, /labels: \[ 'no', 'yes' \]/);
    }
    assert.deepEqual(Object.keys(card), Object.keys(JSON.parse(JSON.stringify(card))));
    // One model format: model.json + weights.bin + metadata.json (card inside), no other file.
    assert.deepEqual(fs.readdirSync(dir).sort(), ["metadata.json", "model.json", "weights.bin"]);
    const { weightsSha256, ...saved } = JSON.parse(JSON.stringify(card));
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, "metadata.json"), "utf8"));
    assert.deepEqual(metadata.card, saved);
    assert.equal(metadata.weightsSha256, weightsSha256);
    assert.deepEqual(JSON.parse(JSON.stringify(loaded.card)), JSON.parse(JSON.stringify(card)));
    loaded.model.dispose();
    model.dispose();
    fs.rmSync(dir, { recursive: true });
  });
});
