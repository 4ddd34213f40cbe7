import { describeLessonExercises } from "../tune/lessonExercises.mjs";

describeLessonExercises("04-computational-resources");
