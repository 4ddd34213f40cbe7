/**
 * The inference worker of deploy.serve: owns the models and the TensorFlow.js backend, so that
 * forward passes never run on the thread that answers HTTP. Messages: see inference.ts.
 */
import { parentPort } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { useBestBackend } from "../train/backend";
import { predictBatch, type WorkerRequest, type WorkerReply } from "./inference";

const models = new Map<string, tf.LayersModel>();
const port = parentPort;
if (!port) throw new Error("inferenceWorker.js runs only as a worker thread (deploy.serve starts it).");

const reply = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on("message", async (m: WorkerRequest) => {
  try {
    if (m.type === "init") {
      const info = await useBestBackend({ force: m.backend, print: false });
      reply({ type: "ready", id: m.id, backend: info.name, message: info.message });
    } else if (m.type === "load") {
      models.get(m.key)?.dispose();
      models.set(m.key, await tf.loadLayersModel(tf.io.fromMemory(m.artifacts)));
      reply({ type: "loaded", id: m.id });
    } else if (m.type === "predict") {
      const model = models.get(m.key);
      if (!model) throw new Error(`no model "${m.key}" loaded in the worker`);
      const outputs = await predictBatch(model, m.values, m.count);
      reply({ type: "result", id: m.id, outputs, numTensors: tf.memory().numTensors }, outputs.map((o) => o.data.buffer as ArrayBuffer));
    }
  } catch (e) {
    reply({ type: "error", id: m.id, message: (e as Error).message.split("\n")[0] });
  }
});
