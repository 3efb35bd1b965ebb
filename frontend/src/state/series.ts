// Metric rows → chart series, as pure functions. A row may lack a measurement (the test loss and accuracy are
// evaluated on a time budget, not every step): that column holds null there, and the charts draw across the gap
// between real measurements (uPlot's spanGaps) instead of inventing values or dropping to zero.
import type { MetricsRow } from "../api/types";
import { finiteOrNull } from "../lib/training";

/** Columns for uPlot, one entry per logged step. Never changed in place: an update makes a new series. */
export type Series = {
  steps: number[];
  epochs: number[];
  train: (number | null)[];
  test: (number | null)[];
  accuracy: (number | null)[];
  /** Learning rate of each step (null in rows from before the server logged it). */
  lr: (number | null)[];
  /** Validation loss; null without a validation split. */
  val: (number | null)[];
};

type MeasuredColumn = Exclude<keyof Series, "steps" | "epochs">;

/** Which row field fills which measured column. */
const COLUMNS: Readonly<Record<MeasuredColumn, keyof MetricsRow>> = {
  train: "train_loss",
  test: "test_loss",
  accuracy: "accuracy",
  lr: "lr",
  val: "val_loss",
};
const MEASURED = Object.keys(COLUMNS) as MeasuredColumn[];

export const EMPTY_SERIES: Readonly<Series> = {
  steps: [],
  epochs: [],
  train: [],
  test: [],
  accuracy: [],
  lr: [],
  val: [],
};

export function lastStep(series: Series): number {
  return series.steps.length ? series.steps[series.steps.length - 1] : 0;
}

/** A non-finite value (a diverged run) is not a measurement the charts can draw. */
function measure(row: MetricsRow, column: MeasuredColumn): number | null {
  return finiteOrNull(row[COLUMNS[column]] as number | null | undefined);
}

function copy(series: Series): Series {
  return {
    steps: [...series.steps],
    epochs: [...series.epochs],
    train: [...series.train],
    test: [...series.test],
    accuracy: [...series.accuracy],
    lr: [...series.lr],
    val: [...series.val],
  };
}

/**
 * The series with `rows` appended in step order. Rows at or before the last step are dropped (replays, a
 * checkpoint's repeated rows), except that a row for the last step fills in what that step had not measured yet.
 * Answers the same object when nothing changed, so a store update can be skipped.
 */
export function appendRows(series: Series, rows: readonly MetricsRow[]): Series {
  let last = series.steps.length ? lastStep(series) : -Infinity;
  const sorted = [...rows].sort((a, b) => a.step - b.step);
  let next: Series | null = null;
  for (const row of sorted) {
    if (row.step < last) continue;
    if (row.step === last) {
      const i = (next ?? series).steps.length - 1;
      for (const column of MEASURED) {
        const value = measure(row, column);
        if (value === null || (next ?? series)[column][i] !== null) continue;
        next ??= copy(series);
        next[column][i] = value;
      }
      continue;
    }
    next ??= copy(series);
    next.steps.push(row.step);
    next.epochs.push(row.epoch);
    for (const column of MEASURED) next[column].push(measure(row, column));
    last = row.step;
  }
  return next ?? series;
}

/** The series up to and including `step` (a resumed run re-takes the steps after its checkpoint). */
export function truncateSeries(series: Series, step: number): Series {
  const keep = series.steps.filter((s) => s <= step).length;
  if (keep === series.steps.length) return series;
  const cut = copy(series);
  for (const column of Object.values(cut)) column.length = keep;
  return cut;
}

/**
 * True when `rows` do not follow on from the series: their first new step is more than one past the last one
 * held, so rows were missed (the socket's replay buffer ran out) and the metrics endpoint can fill them in.
 */
export function hasGap(series: Series, rows: readonly MetricsRow[]): boolean {
  const last = lastStep(series);
  const first = Math.min(...rows.filter((r) => r.step > last).map((r) => r.step));
  return Number.isFinite(first) && first > last + 1;
}

/** Latest measured value of a column (test metrics are not measured every step). */
export function latest(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) return v;
  }
  return null;
}

/** True when the column holds at least one measurement (e.g. a validation split exists). */
export function hasMeasurements(values: readonly (number | null)[]): boolean {
  return latest(values) !== null;
}
