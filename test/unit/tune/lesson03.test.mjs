import { describeLessonExercises } from "./lessonExercises.mjs";

describeLessonExercises("03-hyperparameter-tuning");
