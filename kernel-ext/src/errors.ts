/** The one error type Trainlab throws: its message says what was wrong and what to do. */
export class TrainlabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainlabError";
  }
}
