// Decoder of the websocket's binary tensor frames:
// [4-byte big-endian header length N][N bytes of UTF-8 JSON header][raw data].

import type { FrameHeader } from "./types";

export type { FrameHeader };

export type TensorFrame = {
  header: FrameHeader;
  /** Decoded values (`byte * scale + offset` for uint8), row-major in `header.shape`. */
  values: Float32Array;
};

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameError";
  }
}

const BYTES_PER_VALUE = { uint8: 1, float16: 2, float32: 4 } as const;

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function parseHeader(json: string): FrameHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new FrameError("frame header is not JSON");
  }
  if (typeof raw !== "object" || raw === null) throw new FrameError("frame header is not an object");
  const header = raw as Partial<FrameHeader>;
  if (typeof header.type !== "string") throw new FrameError("frame header has no type");
  if (!Array.isArray(header.shape) || !header.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new FrameError("frame header has no valid shape");
  }
  const dtype = header.dtype ?? "uint8";
  if (!(dtype in BYTES_PER_VALUE)) throw new FrameError(`unsupported dtype ${String(dtype)}`);
  return { ...header, dtype, seq: typeof header.seq === "number" ? header.seq : -1 } as FrameHeader;
}

export function decodeFrame(buffer: ArrayBuffer): TensorFrame {
  if (buffer.byteLength < 4) throw new FrameError("frame shorter than its length prefix");
  const view = new DataView(buffer);
  const headerLength = view.getUint32(0, false);
  if (4 + headerLength > buffer.byteLength) throw new FrameError("frame header runs past the end");
  const header = parseHeader(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength)));

  const count = header.shape.reduce((a, b) => a * b, 1);
  const width = BYTES_PER_VALUE[header.dtype];
  const dataOffset = 4 + headerLength;
  if (buffer.byteLength - dataOffset < count * width) {
    throw new FrameError(`frame holds ${buffer.byteLength - dataOffset} data bytes, expected ${count * width}`);
  }
  const scale = typeof header.scale === "number" ? header.scale : 1;
  const offset = typeof header.offset === "number" ? header.offset : 0;
  const values = new Float32Array(count);
  if (header.dtype === "uint8") {
    const bytes = new Uint8Array(buffer, dataOffset, count);
    for (let i = 0; i < count; i++) values[i] = bytes[i] * scale + offset;
  } else {
    // The data may sit at an odd offset, so it is read through a DataView (little-endian, as numpy writes it).
    const data = new DataView(buffer, dataOffset, count * width);
    for (let i = 0; i < count; i++) {
      const raw = header.dtype === "float16" ? halfToFloat(data.getUint16(i * 2, true)) : data.getFloat32(i * 4, true);
      values[i] = raw * scale + offset;
    }
  }
  return { header, values };
}

/** Builds a frame; the inverse of decodeFrame, used by tests. */
export function encodeFrame(header: Record<string, unknown>, data: Uint8Array): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const buffer = new ArrayBuffer(4 + json.length + data.length);
  new DataView(buffer).setUint32(0, json.length, false);
  new Uint8Array(buffer, 4, json.length).set(json);
  new Uint8Array(buffer, 4 + json.length).set(data);
  return buffer;
}
