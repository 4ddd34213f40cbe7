/** The body-parsing worker of deploy.serve: JSON.parse and the input checks of large bodies, off the HTTP thread. */
import { parentPort } from "node:worker_threads";
import { handleParseRequest, type ParseRequest } from "./parsing";

parentPort?.on("message", (m: ParseRequest) => {
  const { reply, transfer } = handleParseRequest(m);
  parentPort!.postMessage(reply, transfer);
});
