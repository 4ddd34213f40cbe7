import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { TrainlabError } from "../errors";
import { info, DatasetInfo } from "./manifest";
import { load } from "./load";
import { readVerified } from "./verify";

/** Options of {@link loadImages}. */
export interface LoadImagesOptions {
  /**
   * "test" (shipped) or "train". For fashion-mnist the 60,000-image training split is read from
   * the Debian package dataset-fashion-mnist when it is installed. Digits has one split: "all".
   * Default: "test" for fashion-mnist, "all" for digits.
   */
  split?: "train" | "test" | "all";
  /** Keep only the first `limit` images. Default: all. */
  limit?: number;
}

/** Images as flat pixels in [0, 1], ready for `tf.tensor(images, [...shape, 1])`. */
export interface ImageSet {
  /** Pixels, row-major, image after image, scaled to [0, 1]. */
  images: Float32Array;
  /** Class index of each image. */
  labels: Int32Array;
  /** [count, height, width]. */
  shape: [number, number, number];
  /** Class names in label order. */
  classes: string[];
}

/**
 * Loads an image data set ("digits" or "fashion-mnist") with every file's sha256 checked.
 *
 * @example const { images, labels, shape } = lab.datasets.loadImages("fashion-mnist", { limit: 2000 });
 */
export function loadImages(name: string, options: LoadImagesOptions = {}): ImageSet {
  const entry = info(name);
  if (name === "digits") return digitsImages(entry, options);
  if (entry.kind !== "images") {
    throw new TrainlabError(`"${name}" is a table; load it with datasets.load("${name}").`);
  }
  const split = options.split ?? "test";
  let imagesBytes: Buffer;
  let labelBytes: Buffer;
  if (split === "test") {
    imagesBytes = readVerified(fileNamed(entry, "t10k-images"), name);
    labelBytes = readVerified(fileNamed(entry, "t10k-labels"), name);
  } else if (split === "train") {
    const optional = entry.optionalFiles ?? [];
    const img = optional.find((f) => f.path.includes("train-images"));
    const lab = optional.find((f) => f.path.includes("train-labels"));
    if (!img || !lab || !fs.existsSync(img.path) || !fs.existsSync(lab.path)) {
      throw new TrainlabError(
        `The ${name} training split is not shipped (only the 10,000-image test split is). Install it with ` +
          `"apt-get install dataset-fashion-mnist", or use loadImages("${name}", { split: "test" }).`
      );
    }
    imagesBytes = readVerified(img, name, true);
    labelBytes = readVerified(lab, name, true);
  } else {
    throw new TrainlabError(`Split "${split}" is not one of ${name}'s splits: use "test" or "train".`);
  }
  return decodeIdx(zlib.gunzipSync(imagesBytes), zlib.gunzipSync(labelBytes), entry, options.limit);
}

function fileNamed(entry: DatasetInfo, part: string) {
  const f = entry.files.find((x) => x.path.includes(part));
  if (!f) throw new TrainlabError(`datasets/MANIFEST.json lists no ${part} file for ${entry.name}; restore it from the repository.`);
  return f;
}

function decodeIdx(images: Buffer, labels: Buffer, entry: DatasetInfo, limit?: number): ImageSet {
  // IDX: big-endian magic (0x00000803 images, 0x00000801 labels), then the dimension sizes.
  if (images.readUInt32BE(0) !== 0x803 || labels.readUInt32BE(0) !== 0x801) {
    throw new TrainlabError(`The ${entry.name} files are not IDX image/label files; restore them from the repository.`);
  }
  const total = images.readUInt32BE(4);
  const h = images.readUInt32BE(8);
  const w = images.readUInt32BE(12);
  const n = Math.min(total, limit ?? total);
  const pixels = new Float32Array(n * h * w);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images[16 + i] / 255;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = labels[8 + i];
  return { images: pixels, labels: y, shape: [n, h, w], classes: entry.classes ?? [] };
}

function digitsImages(entry: DatasetInfo, options: LoadImagesOptions): ImageSet {
  if (options.split && options.split !== "all") {
    throw new TrainlabError(`digits has a single split ("all"); split it yourself, e.g. with data.split().`);
  }
  const table = load("digits", { limit: options.limit });
  const n = table.numRows();
  const names = (entry.columns ?? []).filter((c) => c.name.startsWith("pixel_")).map((c) => c.name);
  const pixels = new Float32Array(n * names.length);
  names.forEach((col, j) => {
    const values = table.array(col) as ArrayLike<number>;
    // Digits pixels are counts 0..16 of an 8x8 grid; scale to [0, 1] like the other image sets.
    for (let i = 0; i < n; i++) pixels[i * names.length + j] = values[i] / 16;
  });
  const labels = Int32Array.from(table.array("digit") as ArrayLike<number>);
  return { images: pixels, labels, shape: [n, 8, 8], classes: entry.classes ?? [] };
}
