import { describe, expect, it } from "vitest";
import { imagePixels } from "./draw";

describe("imagePixels", () => {
  it("maps lo..hi of a grey image to black..white, clipped, opaque", () => {
    const pixels = imagePixels([9, 0, 0.5, 1, 2], 1, [1, 2, 2]);
    expect(Array.from(pixels)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
  });

  it("reads three channels as colour and honours a range other than 0..1", () => {
    const pixels = imagePixels([-1, 1, 0], 0, [3, 1, 1], -1, 1);
    expect(Array.from(pixels)).toEqual([0, 255, 128, 255]);
  });
});
