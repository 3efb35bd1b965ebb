import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame, FrameError } from "./frames";

describe("decodeFrame", () => {
  it("decodes a uint8 boundary frame with scale and offset", () => {
    const header = {
      type: "boundary",
      seq: 16,
      step: 420,
      dtype: "uint8",
      shape: [1, 2, 3],
      scale: 0.5,
      offset: -1,
      extent: [-6, 6, -6, 6],
    };
    const frame = decodeFrame(encodeFrame(header, new Uint8Array([0, 1, 2, 3, 4, 255])));
    expect(frame.header.type).toBe("boundary");
    expect(frame.header.seq).toBe(16);
    expect(frame.header.step).toBe(420);
    expect(frame.header.extent).toEqual([-6, 6, -6, 6]);
    expect(Array.from(frame.values)).toEqual([-1, -0.5, 0, 0.5, 1, 126.5]);
  });

  it("reads the header length as big-endian", () => {
    const header = { type: "boundary", seq: 1, dtype: "uint8", shape: [2] };
    const buffer = encodeFrame(header, new Uint8Array([7, 9]));
    const bytes = new Uint8Array(buffer);
    const length = JSON.stringify(header).length;
    expect(bytes[0]).toBe(0);
    expect(bytes[3]).toBe(length & 0xff);
    expect(Array.from(decodeFrame(buffer).values)).toEqual([7, 9]);
  });

  it("decodes UTF-8 headers and defaults scale to 1 and offset to 0", () => {
    const frame = decodeFrame(
      encodeFrame({ type: "probe", seq: 3, dtype: "uint8", shape: [1], note: "ñ→" }, new Uint8Array([200])),
    );
    expect(frame.header.note).toBe("ñ→");
    expect(frame.values[0]).toBe(200);
  });

  it("decodes float16 data (little-endian)", () => {
    // 1.0 = 0x3c00, -2.0 = 0xc000, 0.5 = 0x3800
    const data = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38]);
    const frame = decodeFrame(encodeFrame({ type: "t", seq: 2, dtype: "float16", shape: [3] }, data));
    expect(Array.from(frame.values)).toEqual([1, -2, 0.5]);
  });

  it("rejects truncated or malformed frames", () => {
    expect(() => decodeFrame(new ArrayBuffer(2))).toThrow(FrameError);
    const short = encodeFrame({ type: "boundary", seq: 1, dtype: "uint8", shape: [1, 4, 4] }, new Uint8Array(3));
    expect(() => decodeFrame(short)).toThrow(/expected 16/);
    const lying = new ArrayBuffer(8);
    new DataView(lying).setUint32(0, 100, false);
    expect(() => decodeFrame(lying)).toThrow(/past the end/);
    const notJson = encodeFrame({}, new Uint8Array(0));
    new Uint8Array(notJson)[4] = 0x7a; // breaks the "{"
    expect(() => decodeFrame(notJson)).toThrow(FrameError);
    expect(() => decodeFrame(encodeFrame({ type: "x", dtype: "int64", shape: [1] }, new Uint8Array(8)))).toThrow(
      /unsupported dtype/,
    );
  });
});
