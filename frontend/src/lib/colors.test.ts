import { describe, expect, it } from "vitest";
import {
  BLUE,
  binaryColor,
  boundaryPixels,
  classColor,
  multiClassColor,
  NEUTRAL,
  ORANGE,
  pointColor,
  regressionColor,
} from "./colors";

describe("binary colours", () => {
  it("runs orange → neutral → blue with P(class 1)", () => {
    expect(binaryColor(0)).toEqual(ORANGE);
    expect(binaryColor(0.5)).toEqual(NEUTRAL);
    expect(binaryColor(1)).toEqual(BLUE);
  });

  it("fades the red channel steadily from orange to blue and clamps out-of-range input", () => {
    const reds = [0, 0.25, 0.5, 0.75, 1].map((p) => binaryColor(p)[0]);
    expect([...reds].sort((a, b) => b - a)).toEqual(reds);
    expect(new Set(reds).size).toBe(reds.length);
    expect(binaryColor(-3)).toEqual(ORANGE);
    expect(binaryColor(7)).toEqual(BLUE);
    expect(binaryColor(Number.NaN)).toEqual(NEUTRAL);
  });
});

describe("multi-class colours", () => {
  it("uses the winning class's hue, faded by confidence", () => {
    expect(multiClassColor([0, 0, 1])).toEqual(classColor(2));
    expect(multiClassColor([1 / 3, 1 / 3, 1 / 3])).toEqual(NEUTRAL);
    const unsure = multiClassColor([0.2, 0.5, 0.3]);
    expect(unsure).not.toEqual(classColor(1));
    expect(unsure).not.toEqual(NEUTRAL);
  });

  it("gives distinct hues to the first classes, matching the binary colours", () => {
    expect(classColor(0)).toEqual(ORANGE);
    expect(classColor(1)).toEqual(BLUE);
    const hues = new Set([0, 1, 2, 3, 4, 5].map((k) => classColor(k).join(",")));
    expect(hues.size).toBe(6);
  });
});

describe("regression and points", () => {
  it("maps the target range onto the ramp", () => {
    expect(regressionColor(-1, -1, 1)).toEqual(ORANGE);
    expect(regressionColor(0, -1, 1)).toEqual(NEUTRAL);
    expect(regressionColor(1, -1, 1)).toEqual(BLUE);
    expect(regressionColor(5, 5, 5)).toEqual(NEUTRAL);
  });

  it("colours points by label", () => {
    expect(pointColor(0, "classification")).toEqual(ORANGE);
    expect(pointColor(1, "classification")).toEqual(BLUE);
    expect(pointColor(1, "regression", [-1, 1])).toEqual(BLUE);
  });
});

describe("boundaryPixels", () => {
  it("paints a binary [1, H, W] grid row by row", () => {
    const px = boundaryPixels(new Float32Array([0, 1, 0.5, 1]), [1, 2, 2], { task: "classification" });
    expect(px.length).toBe(16);
    expect(Array.from(px.slice(0, 4))).toEqual([...ORANGE, 255]);
    expect(Array.from(px.slice(4, 8))).toEqual([...BLUE, 255]);
    expect(Array.from(px.slice(8, 12))).toEqual([...NEUTRAL, 255]);
  });

  it("discretizes binary predictions at 0.5", () => {
    const px = boundaryPixels(new Float32Array([0.49, 0.51]), [1, 1, 2], { task: "classification", discretize: true });
    expect(Array.from(px.slice(0, 3))).toEqual([...ORANGE]);
    expect(Array.from(px.slice(4, 7))).toEqual([...BLUE]);
  });

  it("reads one plane per class for multi-class grids", () => {
    // Two pixels, three classes: pixel 0 is surely class 2, pixel 1 surely class 0.
    const values = new Float32Array([0, 1, 0, 0, 1, 0]);
    const px = boundaryPixels(values, [3, 1, 2], { task: "classification" });
    expect(Array.from(px.slice(0, 3))).toEqual([...classColor(2)]);
    expect(Array.from(px.slice(4, 7))).toEqual([...classColor(0)]);
  });

  it("uses the given regression range, or the frame's own", () => {
    const values = new Float32Array([-2, 0, 2]);
    const own = boundaryPixels(values, [1, 1, 3], { task: "regression" });
    expect(Array.from(own.slice(0, 3))).toEqual([...ORANGE]);
    expect(Array.from(own.slice(8, 11))).toEqual([...BLUE]);
    const fixed = boundaryPixels(values, [1, 1, 3], { task: "regression", range: [-4, 4] });
    expect(Array.from(fixed.slice(0, 3))).not.toEqual([...ORANGE]);
  });
});
