import { describe, expect, it } from "vitest";
import { cellColor, diagonalAccuracy, rowShares, textOn, worstConfusion } from "./confusion";

const matrix = { classes: 3, counts: [8, 2, 0, 0, 5, 5, 0, 0, 0] };

describe("confusion matrix", () => {
  it("reads each row as shares of that true class; an empty row stays zero", () => {
    expect(rowShares(matrix)).toEqual([
      [0.8, 0.2, 0],
      [0, 0.5, 0.5],
      [0, 0, 0],
    ]);
  });

  it("computes accuracy from the diagonal and names the worst confusion", () => {
    expect(diagonalAccuracy(matrix)).toBeCloseTo(13 / 20);
    expect(diagonalAccuracy({ classes: 2, counts: [0, 0, 0, 0] })).toBeNull();
    expect(worstConfusion(matrix)).toEqual({ truth: 1, predicted: 2, share: 0.5 });
  });

  it("colours right answers blue and confusions red, with legible text on either", () => {
    const right = cellColor(1, true);
    const wrong = cellColor(1, false);
    expect(right[2]).toBeGreaterThan(right[0]);
    expect(wrong[0]).toBeGreaterThan(wrong[2]);
    expect(cellColor(0, true)).toEqual([255, 255, 255]);
    expect(textOn(right)).toBe("#ffffff");
    expect(textOn(cellColor(0.01, false))).toBe("#1b1f24");
  });
});
