// Frames whose payload is a stack of planes quantized one by one (activations, unit maps): each plane i has
// its own [plane_lo[i], plane_hi[i]] and value = lo + byte * (hi - lo) / 255 (docs/protocol.md).
import type { TensorFrame } from "../../api/frames";
import { maxAbs } from "./scale";

export type Planes = {
  /** Real values, row-major in `shape`. */
  values: Float32Array;
  shape: number[];
  /** Largest |value| of each plane (the product of all but the last two dimensions, row-major). */
  planeMax: number[];
};

const numbers = (v: unknown): number[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === "number") ? (v as number[]) : null;

/** The frame's real values and per-plane magnitudes; a frame without per-plane ranges is taken as is. */
export function framePlanes(frame: TensorFrame): Planes {
  const shape = frame.header.shape;
  const planeSize = shape.length >= 2 ? shape[shape.length - 2] * shape[shape.length - 1] : (shape[0] ?? 0);
  const count = planeSize > 0 ? Math.floor(frame.values.length / planeSize) : 0;
  const lo = numbers(frame.header.plane_lo);
  const hi = numbers(frame.header.plane_hi);
  if (!lo || !hi || lo.length !== count || hi.length !== count) {
    const planeMax = Array.from({ length: count }, (_, p) => maxAbs(frame.values, p * planeSize, planeSize));
    return { values: frame.values, shape, planeMax };
  }
  const values = new Float32Array(frame.values.length);
  for (let p = 0; p < count; p++) {
    const step = (hi[p] - lo[p]) / 255;
    for (let i = p * planeSize; i < (p + 1) * planeSize; i++) values[i] = lo[p] + frame.values[i] * step;
  }
  return { values, shape, planeMax: lo.map((l, p) => Math.max(Math.abs(l), Math.abs(hi[p]))) };
}

/** The planes of sample `s` of an [S, C, H, W] stack: its values and magnitudes, channel-major. */
export function samplePlanes(planes: Planes, s: number): Planes {
  const [samples, ...rest] = planes.shape;
  const perSample = planes.values.length / Math.max(1, samples);
  const planesPerSample = planes.planeMax.length / Math.max(1, samples);
  return {
    values: planes.values.subarray(s * perSample, (s + 1) * perSample),
    shape: rest,
    planeMax: planes.planeMax.slice(s * planesPerSample, (s + 1) * planesPerSample),
  };
}
