import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { TrainlabError } from "../errors";
import { datasetsDir, FileInfo } from "./manifest";

/**
 * Reads one data file and checks its sha256 against the manifest, so a truncated or edited
 * file fails loudly instead of training on wrong data. `absolute` paths are read as given.
 */
export function readVerified(file: FileInfo, dataset: string, absolute = false): Buffer {
  const full = absolute ? file.path : path.join(datasetsDir(), file.path);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch {
    throw new TrainlabError(
      `Data file ${full} of data set "${dataset}" is missing. Restore it with ` +
        `git checkout -- datasets/${file.path} (or set TRAINLAB_DATASETS to the folder that holds it).`
    );
  }
  const digest = crypto.createHash("sha256").update(bytes).digest("hex");
  if (digest !== file.sha256) {
    throw new TrainlabError(
      `Data file ${full} of data set "${dataset}" is corrupt: its sha256 is ${digest}, the manifest ` +
        `says ${file.sha256}. Restore it with git checkout -- datasets/${file.path}.`
    );
  }
  return bytes;
}
