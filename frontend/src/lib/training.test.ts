import { describe, expect, it } from "vitest";
import type { HistoryEntry, MetricsRow, TrainingSettings } from "../api/types";
import { defaultTraining } from "./defaults";
import {
  advancedChanges,
  describeChanges,
  diffLabel,
  diffRows,
  isLiveEditable,
  liveChanges,
  mergeHistory,
  mergeSeries,
  trainingForNodes,
} from "./training";

const base = (): TrainingSettings => defaultTraining();

const row = (step: number, test_loss: number | null): MetricsRow => ({
  step,
  epoch: 0,
  train_loss: null,
  test_loss,
  accuracy: null,
});

describe("liveChanges", () => {
  it("is empty when nothing changed", () => {
    expect(liveChanges(base(), base())).toEqual({});
  });
  it("sends a new learning rate", () => {
    expect(liveChanges(base(), { ...base(), lr: 0.1 })).toEqual({ lr: 0.1 });
  });
  it("reads momentum and weight decay from optimizer_params", () => {
    const before = { ...base(), optimizer: "momentum" as const, optimizer_params: { momentum: 0.9 } };
    const after = { ...before, optimizer_params: { momentum: 0.5, weight_decay: 0.01 } };
    expect(liveChanges(before, after)).toEqual({ momentum: 0.5, weight_decay: 0.01 });
  });
  it("turns clip norm off with 0", () => {
    expect(liveChanges({ ...base(), clip_norm: 1 }, { ...base(), clip_norm: null })).toEqual({ clip_norm: 0 });
  });
  it("refuses settings a running experiment cannot take", () => {
    expect(liveChanges(base(), { ...base(), batch_size: 32 })).toBeNull();
    expect(liveChanges(base(), { ...base(), optimizer: "sgd", lr: 0.1 })).toBeNull();
    expect(liveChanges(base(), { ...base(), optimizer_params: { beta1: 0.8 } })).toBeNull();
    expect(liveChanges({ ...base(), finetune_lr: 0.1 }, { ...base(), finetune_lr: null })).toBeNull();
  });
  it("knows the live fields", () => {
    expect(isLiveEditable("lr")).toBe(true);
    expect(isLiveEditable("weight_decay")).toBe(true);
    expect(isLiveEditable("batch_size")).toBe(false);
  });
});

describe("trainingForNodes", () => {
  it("drops frozen nodes and overrides of nodes that are gone", () => {
    const t = { ...base(), frozen: ["fc1", "gone"], init_overrides: { gone: { scheme: "zeros" } } };
    const out = trainingForNodes(t as unknown as TrainingSettings, ["fc1", "out"]);
    expect(out.frozen).toEqual(["fc1"]);
    expect(out.init_overrides).toEqual({});
  });
});

describe("mergeSeries", () => {
  it("aligns runs on the union of their steps with nulls for gaps and non-finite values", () => {
    const data = mergeSeries({ a: [row(1, 0.5), row(3, 0.3)], b: [row(2, 0.6), row(3, Number.NaN)] }, ["a", "b"]);
    expect(data).toEqual([
      [1, 2, 3],
      [0.5, null, 0.3],
      [null, 0.6, null],
    ]);
  });
  it("handles a run without rows", () => {
    expect(mergeSeries({}, ["a"])).toEqual([[], []]);
  });
});

describe("diffRows", () => {
  it("puts the optimizer first and keeps the run order", () => {
    const rows = diffRows({ "training.seed": { a: 1, b: 2 }, "training.optimizer": { a: "sgd", b: "adam" } }, [
      "b",
      "a",
    ]);
    expect(rows.map((r) => r.key)).toEqual(["training.optimizer", "training.seed"]);
    expect(rows[0].values).toEqual(["adam", "sgd"]);
    expect(diffLabel(rows[0].key)).toBe("optimizer");
  });
  it("describes live changes", () => {
    expect(describeChanges({ lr: 0.01, clip_norm: 0 })).toBe("lr 0.01, clip_norm 0");
  });
});

describe("advancedChanges", () => {
  it("counts the Training panel settings that differ from a fresh start", () => {
    expect(advancedChanges(base())).toBe(0);
    expect(advancedChanges({ ...base(), schedule: "cosine", l2: 0.01, frozen: ["fc1"] })).toBe(3);
  });
});

describe("mergeHistory", () => {
  it("keeps every change once, by step", () => {
    const a: HistoryEntry[] = [{ step: 5, changes: { lr: 0.1 } }];
    const b: HistoryEntry[] = [
      { step: 2, changes: { l2: 0.01 } },
      { step: 5, changes: { lr: 0.1 } },
    ];
    expect(mergeHistory(a, b)).toEqual([b[0], a[0]]);
    expect(mergeHistory(a, [])).toEqual(a);
  });
});
