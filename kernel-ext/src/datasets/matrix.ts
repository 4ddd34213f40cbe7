import type * as aq from "arquero";
import { TrainlabError } from "../errors";

/** Options of {@link toXY}. */
export interface ToXYOptions {
  /** The column to predict. */
  target: string;
  /** Feature columns, in order. Default: every column except the target. */
  features?: string[];
  /** One-hot encode string feature columns (one 0/1 column per value, named `col=value`). Default false: strings throw. */
  oneHot?: boolean;
}

/** Features and labels as plain arrays, ready for `tf.tensor2d(X)`. */
export interface XY {
  X: number[][];
  /** Numbers as they are for a numeric target; indexes into `classes` for a string target. */
  y: number[];
  featureNames: string[];
  /** Sorted distinct values of a string target (y holds indexes into it); empty for a numeric target. */
  classes: string[];
}

/**
 * Turns a table into a feature matrix and a label vector. A string target is encoded as the
 * index of its value in the sorted distinct values (scikit-learn's LabelEncoder order).
 * Missing values throw: impute or drop them first.
 */
export function toXY(table: aq.ColumnTable, options: ToXYOptions): XY {
  const names = table.columnNames();
  if (!names.includes(options.target)) {
    throw new TrainlabError(`toXY: no column "${options.target}" in the table (columns: ${names.join(", ")}).`);
  }
  const features = options.features ?? names.filter((n) => n !== options.target);
  const n = table.numRows();
  const X: number[][] = Array.from({ length: n }, () => []);
  const featureNames: string[] = [];
  for (const col of features) {
    if (!names.includes(col)) throw new TrainlabError(`toXY: no feature column "${col}" in the table.`);
    const values = table.array(col) as ArrayLike<unknown>;
    checkNoMissing(values, col);
    if (typeof values[0] === "string") {
      if (!options.oneHot) {
        throw new TrainlabError(
          `toXY: column "${col}" holds strings. Pass { oneHot: true }, or list numeric columns in { features }.`
        );
      }
      const levels = [...new Set(Array.from(values as ArrayLike<string>))].sort();
      for (const level of levels) {
        featureNames.push(`${col}=${level}`);
        for (let i = 0; i < n; i++) X[i].push(values[i] === level ? 1 : 0);
      }
    } else {
      featureNames.push(col);
      for (let i = 0; i < n; i++) X[i].push(Number(values[i]));
    }
  }
  const raw = table.array(options.target) as ArrayLike<unknown>;
  checkNoMissing(raw, options.target);
  let y: number[];
  let classes: string[] = [];
  if (typeof raw[0] === "string") {
    classes = [...new Set(Array.from(raw as ArrayLike<string>))].sort();
    const index = new Map(classes.map((c, i) => [c, i]));
    y = Array.from(raw as ArrayLike<string>, (v) => index.get(v) as number);
  } else {
    y = Array.from(raw as ArrayLike<number>, Number);
  }
  return { X, y, featureNames, classes };
}

function checkNoMissing(values: ArrayLike<unknown>, col: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) {
      throw new TrainlabError(
        `toXY: column "${col}" has a missing value in row ${i}. Impute it (data.imputer) or drop those rows first.`
      );
    }
  }
}
