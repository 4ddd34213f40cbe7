import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
const require = createRequire(import.meta.url);
const lab = require("../../../kernel-ext/dist/index.js");
const { datasets, TrainlabError } = lab;
const shipped = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../datasets");

describe("datasets", () => {
  afterEach(() => delete process.env.TRAINLAB_DATASETS);

  it("loads every table with the manifest's row count and column names", () => {
    for (const d of datasets.list().filter((d) => d.kind === "table")) {
      const t = datasets.load(d.name);
      assert.equal(t.numRows(), d.rows, d.name);
      assert.deepEqual(t.columnNames(), d.columns.map((c) => c.name), d.name);
    }
  });

  it("loads iris with the values of the sklearn source file", () => {
    const t = datasets.load("iris");
    assert.deepEqual(t.object(0), { sepal_length_cm: 5.1, sepal_width_cm: 3.5, petal_length_cm: 1.4, petal_width_cm: 0.2, species: "setosa" });
    assert.equal(t.object(149).species, "virginica");
    // First data line of sklearn's iris.csv, read independently of the loader (where Debian's python3-sklearn is installed).
    const source = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv";
    if (fs.existsSync(source)) {
      const raw = fs.readFileSync(source, "utf8").split("\n")[1];
      assert.deepEqual(raw.split(",").slice(0, 4).map(Number), [5.1, 3.5, 1.4, 0.2]);
    }
  });

  it("loads missing values as null (titanic ages, penguin sexes)", () => {
    const ages = datasets.load("titanic").array("age");
    assert.equal(Array.from(ages).filter((v) => v === null).length, 263);
    const sexes = datasets.load("penguins").array("sex");
    assert.equal(Array.from(sexes).filter((v) => v === null).length, 11);
  });

  it("loads digits as 8x8 images in [0,1] matching the table", () => {
    const { images, labels, shape } = datasets.loadImages("digits");
    assert.deepEqual(shape, [1797, 8, 8]);
    const t = datasets.load("digits");
    assert.equal(images[5], t.get("pixel_0_5", 0) / 16);
    assert.equal(labels[1796], t.get("digit", 1796));
    assert.ok(images.every((v) => v >= 0 && v <= 1));
  });

  it("loads the Fashion-MNIST test split from IDX files", () => {
    const { images, labels, shape, classes } = datasets.loadImages("fashion-mnist", { limit: 100 });
    assert.deepEqual(shape, [100, 28, 28]);
    assert.equal(images.length, 100 * 784);
    assert.equal(classes.length, 10);
    // Label counts of the full test split are 1,000 per class.
    const all = datasets.loadImages("fashion-mnist");
    const counts = new Array(10).fill(0);
    all.labels.forEach((l) => counts[l]++);
    assert.deepEqual(counts, new Array(10).fill(1000));
    assert.deepEqual(Array.from(labels.slice(0, 5)), Array.from(all.labels.slice(0, 5)));
  });

  it("reads the training split from dataset-fashion-mnist when installed, else says how to get it", () => {
    if (fs.existsSync("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
      const train = datasets.loadImages("fashion-mnist", { split: "train", limit: 10 });
      assert.deepEqual(train.shape, [10, 28, 28]);
    } else {
      assert.throws(() => datasets.loadImages("fashion-mnist", { split: "train" }), (e) => e instanceof TrainlabError && /apt-get install dataset-fashion-mnist/.test(e.message));
    }
  });

  it("turns a table into X and y with sklearn's label order", () => {
    const { X, y, classes, featureNames } = datasets.toXY(datasets.load("iris"), { target: "species" });
    assert.deepEqual(classes, ["setosa", "versicolor", "virginica"]);
    assert.equal(X.length, 150);
    assert.equal(featureNames.length, 4);
    assert.equal(y[0], 0);
    assert.equal(y[149], 2);
    assert.throws(() => datasets.toXY(datasets.load("titanic"), { target: "survived", features: ["age"] }), TrainlabError);
  });

  it("throws a TrainlabError naming the file when a data file is missing", () => {
    const dir = copyShipped();
    fs.rmSync(path.join(dir, "wine.csv"));
    process.env.TRAINLAB_DATASETS = dir;
    assert.throws(() => datasets.load("wine"), (e) => e instanceof TrainlabError && /wine\.csv/.test(e.message) && /missing/.test(e.message) && /git checkout/.test(e.message));
  });

  it("throws a TrainlabError naming the file when a data file is corrupt", () => {
    const dir = copyShipped();
    fs.appendFileSync(path.join(dir, "iris.csv"), "5.0,3.0,1.0,0.1,setosa\n");
    process.env.TRAINLAB_DATASETS = dir;
    assert.throws(() => datasets.load("iris"), (e) => e instanceof TrainlabError && /iris\.csv/.test(e.message) && /corrupt/.test(e.message));
    fs.writeFileSync(path.join(dir, "fashion-mnist", "t10k-labels-idx1-ubyte.gz"), "x");
    assert.throws(() => datasets.loadImages("fashion-mnist"), (e) => e instanceof TrainlabError && /t10k-labels/.test(e.message));
  });

  it("names the known data sets when asked for an unknown one", () => {
    assert.throws(() => datasets.load("mnist"), (e) => e instanceof TrainlabError && /iris/.test(e.message));
  });
});

function copyShipped() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainlab-datasets-"));
  fs.cpSync(shipped, dir, { recursive: true });
  return dir;
}
