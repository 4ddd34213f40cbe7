export { parseLesson, stubSolutions, keepSolutions } from "./parse";
export type { LessonCell } from "./parse";
export { toNotebook, notebookText } from "./notebook";
export type { NotebookJson, Version } from "./notebook";
export { listChapters, buildChapter, buildSolutions, buildAll, SOLUTIONS_FOLDER } from "./build";
export { solutionsText } from "./solutions";
export type { Chapter, BuildResult } from "./build";
