/**
 * The TensorFlow.js namespace every notebook uses (`lab.tf`): one copy, shared with the
 * training core, so a backend chosen by `useBestBackend` is the one `lab.tf` computes on.
 */
import * as tf from "@tensorflow/tfjs";

export { tf };
