import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../api/types";
import { appendRows, EMPTY_SERIES, hasGap, hasMeasurements, lastStep, latest, truncateSeries } from "./series";

const row = (step: number, measured: Partial<MetricsRow> = {}): MetricsRow => ({
  step,
  epoch: step / 10,
  train_loss: 1 / step,
  test_loss: null,
  accuracy: null,
  lr: 0.03,
  val_loss: null,
  ...measured,
});

describe("appendRows", () => {
  it("keeps one entry per step in step order, whatever order rows arrive in", () => {
    const series = appendRows(EMPTY_SERIES, [row(3), row(1), row(2)]);
    expect(series.steps).toEqual([1, 2, 3]);
    expect(series.epochs).toEqual([0.1, 0.2, 0.3]);
    expect(series.train).toEqual([1, 0.5, 1 / 3]);
  });

  it("holds null where a step was not evaluated, and the measurement where it was", () => {
    // Evaluation runs on a time budget: only some rows carry a test loss and accuracy.
    const rows = [row(1), row(2, { test_loss: 0.7, accuracy: 0.5 }), row(3), row(4), row(5, { test_loss: 0.4 })];
    const series = appendRows(EMPTY_SERIES, rows);
    expect(series.test).toEqual([null, 0.7, null, null, 0.4]);
    expect(series.accuracy).toEqual([null, 0.5, null, null, null]);
    expect(series.train).toHaveLength(5);
    expect(latest(series.test)).toBe(0.4);
    expect(latest(series.accuracy)).toBe(0.5);
  });

  it("never hands a chart NaN or infinities (a diverged run)", () => {
    const series = appendRows(EMPTY_SERIES, [
      row(1, { train_loss: Number.NaN, test_loss: Number.POSITIVE_INFINITY }),
      row(2, { train_loss: 2 }),
    ]);
    expect(series.train).toEqual([null, 2]);
    expect(series.test).toEqual([null, null]);
  });

  it("drops rows it already has (a replay, a checkpoint's repeated rows) and answers the same series", () => {
    const series = appendRows(EMPTY_SERIES, [row(1), row(2)]);
    expect(appendRows(series, [row(1), row(2)])).toBe(series);
    expect(appendRows(series, [])).toBe(series);
  });

  it("fills in what the last step had not measured yet, without overwriting what it had", () => {
    const series = appendRows(EMPTY_SERIES, [row(1), row(2, { accuracy: 0.6 })]);
    const filled = appendRows(series, [row(2, { test_loss: 0.3, accuracy: 0.9 })]);
    expect(filled.steps).toEqual([1, 2]);
    expect(filled.test).toEqual([null, 0.3]);
    expect(filled.accuracy).toEqual([null, 0.6]);
    expect(series.test).toEqual([null, null]);
  });

  it("never changes the series it was given", () => {
    const series = appendRows(EMPTY_SERIES, [row(1)]);
    const next = appendRows(series, [row(2, { test_loss: 0.5 })]);
    expect(series.steps).toEqual([1]);
    expect(next.steps).toEqual([1, 2]);
    expect(EMPTY_SERIES.steps).toEqual([]);
  });

  it("takes a first row at step 0", () => {
    expect(appendRows(EMPTY_SERIES, [row(0, { train_loss: 1 })]).steps).toEqual([0]);
  });
});

describe("hasGap", () => {
  const series = appendRows(EMPTY_SERIES, [row(1), row(2)]);
  it("says rows were missed when the first new step jumps ahead", () => {
    expect(hasGap(series, [row(5), row(6)])).toBe(true);
    expect(hasGap(series, [row(2), row(3)])).toBe(false);
    expect(hasGap(series, [row(1)])).toBe(false);
    expect(hasGap(EMPTY_SERIES, [row(1)])).toBe(false);
  });
});

describe("truncateSeries", () => {
  it("keeps the steps up to the checkpoint in every column", () => {
    const series = appendRows(EMPTY_SERIES, [row(1), row(2, { test_loss: 0.5 }), row(3), row(4)]);
    const cut = truncateSeries(series, 2);
    expect(cut.steps).toEqual([1, 2]);
    expect(cut.test).toEqual([null, 0.5]);
    expect(cut.lr).toHaveLength(2);
    expect(lastStep(cut)).toBe(2);
    expect(series.steps).toHaveLength(4);
    expect(truncateSeries(series, 10)).toBe(series);
  });
});

describe("latest and hasMeasurements", () => {
  it("skip nulls", () => {
    expect(latest([0.5, null, null])).toBe(0.5);
    expect(latest([null, null])).toBeNull();
    expect(hasMeasurements([null, null])).toBe(false);
    expect(hasMeasurements([null, 0.1])).toBe(true);
  });
});
