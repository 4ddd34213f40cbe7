/** lrScheduler: sets the optimizer's learning rate from a schedule, per epoch or per batch. */
import type { Callback, TrainContext } from "./types";
import type { Schedule } from "./schedules";

export interface LrSchedulerOptions {
  /** Step the schedule per "epoch" (default) or per "batch". */
  per?: "epoch" | "batch";
}

/** Sets lr = schedule(step) before each epoch (or batch); step counts from 0 across the run. */
export function lrScheduler(schedule: Schedule, args: LrSchedulerOptions = {}): Callback {
  const per = args.per ?? "epoch";
  let step = 0;
  const apply = (ctx: TrainContext) => ctx.setLearningRate(schedule(step++));
  return {
    name: "lrScheduler",
    onTrainBegin() { step = 0; },
    onEpochBegin(_epoch, ctx) { if (per === "epoch") apply(ctx); },
    onBatchBegin(_batch, ctx) { if (per === "batch") apply(ctx); },
  };
}
