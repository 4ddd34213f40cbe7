import * as fs from "node:fs";
import * as path from "node:path";
import { TrainlabError } from "../errors";

/** The type of one column in a shipped table. `integer` and `number` load as JS numbers. */
export type ColumnType = "number" | "integer" | "string";

/** One column of a shipped table, as recorded in datasets/MANIFEST.json. */
export interface ColumnInfo {
  name: string;
  type: ColumnType;
  /** What the column means, with units where it has them. */
  description?: string;
}

/** One file of a data set: where it is (relative to datasets/) and its sha256. */
export interface FileInfo {
  path: string;
  sha256: string;
  bytes: number;
}

/** One data set, as recorded in datasets/MANIFEST.json. */
export interface DatasetInfo {
  name: string;
  title: string;
  kind: "table" | "images";
  description: string;
  /** Shipped files, relative to the datasets folder. */
  files: FileInfo[];
  /** Files used when present on the machine (absolute paths), e.g. a larger training split from a Debian package. */
  optionalFiles?: (FileInfo & { package: string })[];
  rows: number;
  columns?: ColumnInfo[];
  /** Column the data set is usually used to predict. */
  target?: string;
  /** Class names, in label order, for classification sets. */
  classes?: string[];
  /** Image shape [height, width] for image sets. */
  imageShape?: [number, number];
  source: { package: string; version: string; origin: string; url?: string };
  licence: string;
}

interface Manifest {
  datasets: DatasetInfo[];
}

/**
 * The folder holding the shipped data: `$TRAINLAB_DATASETS` when set, else `datasets/` beside
 * the kernel-ext package (one level up from it).
 */
export function datasetsDir(): string {
  const override = process.env.TRAINLAB_DATASETS;
  if (override && override.length > 0) return path.resolve(override);
  // dist/datasets/ (or src/datasets/) -> kernel-ext/ -> the repository root.
  return path.resolve(__dirname, "..", "..", "..", "datasets");
}

/** Every data set in the manifest, in the order recorded there. */
export function list(): DatasetInfo[] {
  return readManifest().datasets;
}

/** The manifest entry of one data set; throws a TrainlabError naming the known sets when unknown. */
export function info(name: string): DatasetInfo {
  const all = readManifest().datasets;
  const found = all.find((d) => d.name === name);
  if (!found) {
    throw new TrainlabError(
      `Unknown data set "${name}". Known data sets: ${all.map((d) => d.name).join(", ")}.`
    );
  }
  return found;
}

function readManifest(): Manifest {
  const file = path.join(datasetsDir(), "MANIFEST.json");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new TrainlabError(
      `The data set manifest ${file} is missing. Restore the datasets/ folder from the repository ` +
        `(git checkout -- datasets) or point TRAINLAB_DATASETS at a folder that holds MANIFEST.json.`
    );
  }
  try {
    return JSON.parse(text) as Manifest;
  } catch {
    throw new TrainlabError(
      `The data set manifest ${file} is not valid JSON. Restore it with git checkout -- datasets/MANIFEST.json.`
    );
  }
}
