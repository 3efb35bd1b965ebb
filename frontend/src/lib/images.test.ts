import { describe, expect, it } from "vitest";
import { samplePixels, varietyOf } from "./images";

describe("samplePixels", () => {
  it("draws one channel as grey, row by row", () => {
    const { width, height, data } = samplePixels({
      label: 0,
      pixels: [
        [
          [0, 255],
          [10, 20],
        ],
      ],
    });
    expect([width, height]).toEqual([2, 2]);
    expect(Array.from(data.slice(4, 8))).toEqual([255, 255, 255, 255]);
    expect(Array.from(data.slice(8, 12))).toEqual([10, 10, 10, 255]);
  });
  it("draws three channels as RGB", () => {
    const { data } = samplePixels({ label: 0, pixels: [[[1]], [[2]], [[3]]] });
    expect(Array.from(data)).toEqual([1, 2, 3, 255]);
  });
  it("copes with an empty sample", () => {
    expect(samplePixels({ label: 0, pixels: [] }).width).toBe(0);
  });
});

describe("varietyOf", () => {
  it("takes one sample of each class in turn", () => {
    const s = (label: number) => ({ label, pixels: [[[label]]] });
    const picked = varietyOf([s(0), s(0), s(0), s(1), s(2)], 4).map((x) => x.label);
    expect(picked).toEqual([0, 1, 2, 0]);
    expect(varietyOf([s(0)], 4)).toHaveLength(1);
  });
});
