// Colour scale of activations, gradients and weights: diverging and centred on zero (orange below, near-white
// at zero, blue above, as the boundary view colours classes), with a symmetric range chosen per channel, per
// layer or over every layer shown.
import { diverging, type Rgb } from "../colors";

/** Which values share one colour range: each channel alone, the whole layer, or every layer on screen. */
export type RangeMode = "channel" | "layer" | "global";
export const RANGE_MODES: readonly RangeMode[] = ["channel", "layer", "global"];

/** Largest |v| of values[start, start + count), ignoring non-finite values; 0 when there are none. */
export function maxAbs(values: ArrayLike<number>, start = 0, count = values.length - start): number {
  let best = 0;
  for (let i = start; i < start + count; i++) {
    const v = Math.abs(values[i]);
    if (v > best && Number.isFinite(v)) best = v;
  }
  return best;
}

/** Largest |v| of each of `channels` equal slices (channel-major, as a [C, ...] tensor is laid out). */
export function channelMaxAbs(values: ArrayLike<number>, channels: number): number[] {
  const size = channels > 0 ? Math.floor(values.length / channels) : 0;
  return Array.from({ length: channels }, (_, c) => maxAbs(values, c * size, size));
}

/**
 * The half-width of the colour range of each channel under `mode`. `globalMax` is the largest |v| over every
 * layer shown (ignored unless mode is "global"). A range is never 0, so an all-zero map draws neutral.
 */
export function channelRanges(perChannel: readonly number[], mode: RangeMode, globalMax = 0): number[] {
  const layer = Math.max(0, ...perChannel);
  const shared = mode === "global" ? Math.max(layer, globalMax) : layer;
  return perChannel.map((m) => positive(mode === "channel" ? m : shared));
}

const positive = (m: number) => (m > 0 && Number.isFinite(m) ? m : 1);

/** Colour of v on the symmetric range [-half, half]: 0 is neutral whatever the range. */
export function zeroCentred(v: number, half: number): Rgb {
  return diverging(0.5 + v / (2 * positive(half)));
}

/** RGBA pixels of one [H, W] plane that starts at `start` in `values`, coloured on [-half, half]. */
export function planePixels(
  values: ArrayLike<number>,
  start: number,
  height: number,
  width: number,
  half: number,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(height * width * 4);
  for (let i = 0; i < height * width; i++) {
    const rgb = zeroCentred(values[start + i], half);
    out.set(rgb, i * 4);
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Labels of a legend for [-half, half]: the two ends and zero, with at most three significant digits. */
export function legendLabels(half: number): [string, string, string] {
  const h = positive(half);
  return [formatValue(-h), "0", formatValue(h)];
}

/** A short label for a value: three significant digits, exponent notation when very small or large. */
export function formatValue(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
