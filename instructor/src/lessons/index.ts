export { parseLesson, stubSolutions, keepSolutions } from "./parse";
export type { LessonCell } from "./parse";
export { toNotebook, notebookText } from "./notebook";
export type { NotebookJson, NotebookOptions, Version } from "./notebook";
export { claimMarkers, stripClaimMarkers, claimsCellSource, claimHolds, unclaimedNumbers, CLAIMS_PREFIX } from "./claims";
export type { ClaimMarker, UnclaimedNumber } from "./claims";
export { listChapters, buildChapter, buildSolutions, buildAll, SOLUTIONS_FOLDER } from "./build";
export { solutionsText } from "./solutions";
export type { Chapter, BuildResult } from "./build";
