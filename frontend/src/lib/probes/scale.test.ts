import { describe, expect, it } from "vitest";
import { BLUE, NEUTRAL, ORANGE } from "../colors";
import { channelMaxAbs, channelRanges, formatValue, legendLabels, maxAbs, planePixels, zeroCentred } from "./scale";

describe("zero-centred colour scale", () => {
  it("draws zero neutral whatever the range, and the ends of the range orange and blue", () => {
    for (const half of [0.01, 1, 300]) {
      expect(zeroCentred(0, half)).toEqual(NEUTRAL);
      expect(zeroCentred(-half, half)).toEqual(ORANGE);
      expect(zeroCentred(half, half)).toEqual(BLUE);
    }
    expect(zeroCentred(-5, 1)).toEqual(ORANGE);
    expect(zeroCentred(Number.NaN, 1)).toEqual(NEUTRAL);
  });

  it("treats a zero range as 1 so an all-zero map stays neutral instead of dividing by zero", () => {
    expect(zeroCentred(0, 0)).toEqual(NEUTRAL);
    expect(zeroCentred(1, 0)).toEqual(BLUE);
  });

  it("paints one plane of a [C, H, W] tensor as opaque RGBA", () => {
    const values = new Float32Array([9, 9, -2, 0, 2, 1]); // channel 0: [9, 9, -2], channel 1: [0, 2, 1]
    const px = planePixels(values, 3, 1, 3, 2);
    expect(Array.from(px.slice(0, 4))).toEqual([...NEUTRAL, 255]);
    expect(Array.from(px.slice(4, 8))).toEqual([...BLUE, 255]);
    expect(px.length).toBe(12);
  });
});

describe("ranges per channel, layer and globally", () => {
  const values = new Float32Array([1, -4, 0.5, 0.25, 0, 0]);
  it("finds each channel's largest magnitude, skipping non-finite values", () => {
    expect(channelMaxAbs(values, 3)).toEqual([4, 0.5, 0]);
    expect(maxAbs([1, Number.POSITIVE_INFINITY, -3, Number.NaN])).toBe(3);
  });

  it("gives each channel its own range, the layer's, or the largest over all layers", () => {
    const per = channelMaxAbs(values, 3);
    expect(channelRanges(per, "channel")).toEqual([4, 0.5, 1]);
    expect(channelRanges(per, "layer")).toEqual([4, 4, 4]);
    expect(channelRanges(per, "global", 10)).toEqual([10, 10, 10]);
    // A global maximum smaller than this layer's cannot clip it.
    expect(channelRanges(per, "global", 2)).toEqual([4, 4, 4]);
  });
});

describe("legend labels", () => {
  it("reads symmetric around zero with short numbers", () => {
    expect(legendLabels(2.34567)).toEqual(["-2.35", "0", "2.35"]);
    expect(legendLabels(0.000123)).toEqual(["-1.2e-4", "0", "1.2e-4"]);
    expect(formatValue(12345)).toBe("1.2e+4");
    expect(formatValue(0)).toBe("0");
  });
});
