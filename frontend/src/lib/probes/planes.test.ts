import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame } from "../../api/frames";
import { framePlanes, samplePlanes } from "./planes";

describe("per-plane quantized frames", () => {
  // Two samples × two channels of 1×2 pixels, each plane on its own range, as the activations probe sends them.
  const frame = decodeFrame(
    encodeFrame(
      {
        type: "activations",
        seq: 3,
        dtype: "uint8",
        shape: [2, 2, 1, 2],
        scale: 1,
        offset: 0,
        plane_lo: [-1, 0, 2, -4],
        plane_hi: [1, 10, 2, -2],
      },
      new Uint8Array([0, 255, 51, 255, 0, 0, 255, 0]),
    ),
  );

  it("maps each byte onto its plane's [lo, hi] and reports each plane's largest magnitude", () => {
    const planes = framePlanes(frame);
    expect(Array.from(planes.values)).toEqual([-1, 1, 2, 10, 2, 2, -2, -4]);
    expect(planes.planeMax).toEqual([1, 10, 2, 4]);
  });

  it("keeps a constant plane constant (lo == hi)", () => {
    expect(Array.from(framePlanes(frame).values.slice(4, 6))).toEqual([2, 2]);
  });

  it("picks out one sample's channels", () => {
    const second = samplePlanes(framePlanes(frame), 1);
    expect(second.shape).toEqual([2, 1, 2]);
    expect(Array.from(second.values)).toEqual([2, 2, -2, -4]);
    expect(second.planeMax).toEqual([2, 4]);
  });

  it("takes a frame without plane ranges at its decoded values", () => {
    const plain = decodeFrame(
      encodeFrame(
        { type: "x", seq: 1, dtype: "uint8", shape: [1, 1, 2], scale: 0.5, offset: -1 },
        new Uint8Array([0, 6]),
      ),
    );
    expect(framePlanes(plain)).toMatchObject({ planeMax: [2] });
  });
});
