import { describe, expect, it } from "vitest";
import { cellOrigin, fitGrid, tensorLayout } from "./layout";

describe("tensor layout", () => {
  it("reads [C, H, W] as feature maps, [T, F] as a sequence and [F] as a vector", () => {
    expect(tensorLayout([6, 24, 24])).toEqual({ kind: "maps", channels: 6, height: 24, width: 24 });
    expect(tensorLayout([6, 4])).toEqual({ kind: "sequence", steps: 6, features: 4 });
    expect(tensorLayout([120])).toEqual({ kind: "vector", length: 120 });
  });

  it("folds leading axes into channels and shows 1×1 maps as a vector", () => {
    expect(tensorLayout([2, 3, 5, 5])).toEqual({ kind: "maps", channels: 6, height: 5, width: 5 });
    expect(tensorLayout([16, 1, 1])).toEqual({ kind: "vector", length: 16 });
  });
});

describe("channel grid", () => {
  it("fits 16 channels of at least 48 px into 420 px, in balanced rows", () => {
    const grid = fitGrid(16, 420, 48, 120, 4);
    expect(grid.columns).toBe(8);
    expect(grid.rows).toBe(2);
    expect(grid.cell).toBeGreaterThanOrEqual(48);
    expect(grid.width).toBeLessThanOrEqual(420);
    expect(cellOrigin(grid, 9)).toEqual([grid.cell + 4, grid.cell + 4]);
  });

  it("balances 10 channels as 5 × 2 rather than 8 + 2, and caps a few channels at maxCell", () => {
    expect(fitGrid(10, 400, 44, 120, 4)).toMatchObject({ columns: 5, rows: 2 });
    expect(fitGrid(2, 400, 48, 120, 4)).toMatchObject({ columns: 2, rows: 1, cell: 120 });
    expect(fitGrid(0, 400, 48, 120)).toMatchObject({ rows: 0, height: 0 });
  });
});
