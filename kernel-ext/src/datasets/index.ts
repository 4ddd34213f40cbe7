export { load } from "./load";
export type { LoadOptions } from "./load";
export { loadImages } from "./images";
export type { LoadImagesOptions, ImageSet } from "./images";
export { toXY } from "./matrix";
export type { ToXYOptions, XY } from "./matrix";
export { list, info, datasetsDir } from "./manifest";
export type { DatasetInfo, ColumnInfo, ColumnType, FileInfo } from "./manifest";
