import { describe, expect, it } from "vitest";
import { gradientDecades, histogramBars, latestPerNode, normSeries, zeroPosition } from "./stats";

describe("norms over time", () => {
  // Two nodes, two steps: log10 values; NaN where the gradient is unknown.
  const table = {
    nodes: ["fc1", "fc2"],
    steps: [10, 20],
    rows: ["weight", "grad", "update_ratio"],
    log10: [0, 0.30103, 1, 1, Number.NaN, -6, Number.NaN, -2, -3, -3, -4, -4],
  };

  it("reads one quantity of one node as plain values with gaps for unknowns", () => {
    expect(normSeries(table, "weight", "fc1").map((v) => v && Number(v.toFixed(3)))).toEqual([1, 2]);
    expect(normSeries(table, "grad", "fc1")[0]).toBeNull();
    expect(normSeries(table, "grad", "fc1")[1]).toBeCloseTo(1e-6);
    expect(normSeries(table, "grad", "nope")).toEqual([null, null]);
  });

  it("gives the newest known value per node, in layer order", () => {
    const grads = latestPerNode(table, "grad");
    expect(grads[0]).toBeCloseTo(1e-6);
    expect(grads[1]).toBeCloseTo(1e-2);
    expect(gradientDecades(grads)).toBeCloseTo(4);
  });
});

describe("histograms", () => {
  it("scales bars to the tallest bin and places them side by side", () => {
    const bars = histogramBars({ min: -1, max: 1, counts: [1, 4, 2, 0] }, 100, 40);
    expect(bars.map((b) => b[3])).toEqual([10, 40, 20, 0]);
    expect(bars[1]).toEqual([25, 0, 25, 40]);
  });

  it("can compress counts logarithmically so rare tails stay visible", () => {
    const bars = histogramBars({ min: 0, max: 1, counts: [1000, 1] }, 10, 100, true);
    expect(bars[1][3]).toBeGreaterThan(5);
  });

  it("marks zero only when it lies inside the range", () => {
    expect(zeroPosition({ min: -1, max: 3, counts: [1] })).toBe(0.25);
    expect(zeroPosition({ min: 0.5, max: 3, counts: [1] })).toBeNull();
  });
});

describe("vanishing gradients", () => {
  it("counts the decades between the first layer's gradient norm and the last's", () => {
    expect(gradientDecades([1e-6, 1e-4, null, 1e-2])).toBeCloseTo(4);
    expect(gradientDecades([null, 0.5])).toBeCloseTo(0);
    expect(gradientDecades([null, null])).toBeNull();
  });
});
