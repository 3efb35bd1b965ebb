import { describe, expect, it } from "vitest";
import { emptyHistory, pushHistory, redoHistory, undoHistory } from "./history";

describe("history", () => {
  it("undoes and redoes in order", () => {
    let h = emptyHistory<number>();
    h = pushHistory(h, 1, { now: 0 });
    h = pushHistory(h, 2, { now: 10_000 });
    const u1 = undoHistory(h, 3)!;
    expect(u1.state).toBe(2);
    const u2 = undoHistory(u1.history, u1.state)!;
    expect(u2.state).toBe(1);
    expect(undoHistory(u2.history, u2.state)).toBeNull();
    const r1 = redoHistory(u2.history, u2.state)!;
    expect(r1.state).toBe(2);
    const r2 = redoHistory(r1.history, r1.state)!;
    expect(r2.state).toBe(3);
    expect(redoHistory(r2.history, r2.state)).toBeNull();
  });

  it("a new edit clears the redo stack", () => {
    let h = pushHistory(emptyHistory<string>(), "a", { now: 0 });
    const u = undoHistory(h, "b")!;
    expect(u.history.future).toEqual(["b"]);
    h = pushHistory(u.history, "a", { now: 5000 });
    expect(h.future).toEqual([]);
  });

  it("is bounded, dropping the oldest", () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < 10; i++) h = pushHistory(h, i, { now: i * 5000, limit: 3 });
    expect(h.past).toEqual([7, 8, 9]);
  });

  it("merges quick edits with the same key, not different keys", () => {
    let h = emptyHistory<number>();
    h = pushHistory(h, 1, { key: "param:fc1:out", now: 0 });
    h = pushHistory(h, 2, { key: "param:fc1:out", now: 300 });
    expect(h.past).toEqual([1]);
    h = pushHistory(h, 3, { key: "param:fc1:bias", now: 400 });
    expect(h.past).toEqual([1, 3]);
    h = pushHistory(h, 4, { key: "param:fc1:bias", now: 5000 });
    expect(h.past).toEqual([1, 3, 4]);
  });
});
