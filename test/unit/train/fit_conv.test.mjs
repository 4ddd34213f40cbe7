// fit() gives every conv model trained on pure-JS cpu the fast filter gradient (it used to be transfer's alone).
import assert from "node:assert/strict";
import { lab, tf } from "./helpers.mjs";

describe("train: fit on cpu installs the fast conv filter gradient", function () {
  this.timeout(60000);
  it("after lab.train.fit of a conv model, the cpu Conv2DBackpropFilter is Trainlab's typed-array kernel", async () => {
    const previous = tf.getBackend();
    await tf.setBackend("cpu");
    try {
      const model = lab.train.withSeed(1, () => tf.sequential({ layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation: "relu" }),
        tf.layers.flatten(), tf.layers.dense({ units: 2, activation: "softmax" }),
      ] }));
      model.compile({ optimizer: "sgd", loss: "categoricalCrossentropy" });
      const x = tf.randomUniform([4, 6, 6, 1], 0, 1, "float32", 1);
      const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], "int32"), 2);
      const before = tf.memory().numTensors;
      const h = await lab.train.fit(model, x, y, { epochs: 1, batchSize: 2, display: "none" });
      assert.equal(tf.memory().numTensors, before);
      assert.ok(Number.isFinite(h.history.loss[0]));
      assert.match(String(tf.getKernel("Conv2DBackpropFilter", "cpu").kernelFunc), /_filterGrad/);
      tf.dispose([x, y, model]);
    } finally {
      if (previous) await tf.setBackend(previous);
    }
  });
});
