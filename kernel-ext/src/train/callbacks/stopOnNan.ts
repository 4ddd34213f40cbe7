/** stopOnNaN: end training cleanly when the loss becomes NaN or infinite. */
import type { Callback, Logs, TrainContext } from "./types";
import { WeightSnapshot } from "./weights";

export interface StopOnNaNOptions {
  /** Put back the weights of the last epoch whose loss was finite. Default true. */
  restoreLastGood?: boolean;
}

/**
 * Stops at the first batch whose loss is NaN or ±Infinity, says what to try, keeps the
 * history, and (by default) restores the weights of the last finite epoch. Without it, fit
 * throws a TrainlabError on a NaN loss.
 */
export function stopOnNaN(args: StopOnNaNOptions = {}): Callback {
  const { restoreLastGood = true } = args;
  const good = new WeightSnapshot();
  let hit = false;
  return {
    name: "stopOnNaN",
    onTrainBegin(ctx: TrainContext) {
      hit = false;
      if (restoreLastGood) good.replace(ctx.model, -1);
    },
    onBatchEnd(batch: number, logs: Logs, ctx: TrainContext) {
      if (hit || Number.isFinite(logs.loss)) return;
      hit = true;
      ctx.stop(`loss became ${logs.loss} at epoch ${ctx.history.epoch.length + 1}, batch ${batch + 1}: ` +
        "lower the learning rate, check the inputs for NaN or huge values, or clip gradients");
    },
    onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext) {
      if (!hit && restoreLastGood && Number.isFinite(logs.loss)) good.replace(ctx.model, epoch);
    },
    onTrainEnd(ctx: TrainContext) {
      if (hit && restoreLastGood && !good.empty && ctx.history.restoredEpoch === undefined) {
        good.restore(ctx.model);
        ctx.history.restoredEpoch = good.epoch;
      }
      good.dispose();
    },
  };
}
