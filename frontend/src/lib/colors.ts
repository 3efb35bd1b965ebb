// Colour mapping of predictions and data points, after TensorFlow Playground: orange for class 0 (negative),
// blue for class 1 (positive), a near-white neutral between; one hue per class beyond two.
import type { Task } from "../api/types";

export type Rgb = readonly [number, number, number];

export const ORANGE: Rgb = [245, 147, 34];
export const BLUE: Rgb = [8, 119, 189];
export const NEUTRAL: Rgb = [232, 234, 235];

/** Class hues for multi-class data; the first two match the binary colours. */
export const CLASS_COLORS: readonly Rgb[] = [
  ORANGE,
  BLUE,
  [46, 160, 67],
  [142, 68, 173],
  [214, 39, 40],
  [23, 190, 207],
  [188, 189, 34],
  [227, 119, 194],
  [127, 127, 127],
  [140, 86, 75],
];

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5);

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const k = clamp01(t);
  return [
    Math.round(a[0] + (b[0] - a[0]) * k),
    Math.round(a[1] + (b[1] - a[1]) * k),
    Math.round(a[2] + (b[2] - a[2]) * k),
  ];
}

export function classColor(k: number): Rgb {
  return CLASS_COLORS[((k % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

/** t in [0, 1]: 0 orange, 0.5 neutral, 1 blue. */
export function diverging(t: number): Rgb {
  const k = clamp01(t);
  return k < 0.5 ? mix(ORANGE, NEUTRAL, k * 2) : mix(NEUTRAL, BLUE, (k - 0.5) * 2);
}

/** P(class 1) of a binary classifier. */
export function binaryColor(p: number): Rgb {
  return diverging(p);
}

/** The most likely class's hue, faded towards neutral as the prediction gets less sure. */
export function multiClassColor(probs: ArrayLike<number>): Rgb {
  const k = probs.length;
  let best = 0;
  for (let i = 1; i < k; i++) if (probs[i] > probs[best]) best = i;
  const chance = 1 / Math.max(k, 1);
  const confidence = k > 1 ? (probs[best] - chance) / (1 - chance) : 1;
  return mix(NEUTRAL, classColor(best), confidence);
}

/** A regression value on the ramp spanned by [min, max]. */
export function regressionColor(value: number, min: number, max: number): Rgb {
  const span = max - min;
  return diverging(span > 0 ? (value - min) / span : 0.5);
}

export type BoundaryStyle = {
  task: Task;
  /** Range of regression targets, which fixes the ramp so colours mean the same from frame to frame. */
  range?: [number, number];
  /** Snap binary/multi-class predictions to their class (Playground's "discretize output"). */
  discretize?: boolean;
};

/**
 * Paints a [C, H, W] prediction grid into RGBA pixels (H rows, W columns, row 0 on top as the frame sends it).
 */
export function boundaryPixels(
  values: Float32Array,
  shape: readonly number[],
  style: BoundaryStyle,
): Uint8ClampedArray {
  const [channels, height, width] = shape.length === 3 ? shape : [1, shape[0] ?? 0, shape[1] ?? 0];
  const plane = height * width;
  const out = new Uint8ClampedArray(plane * 4);
  let min = style.range?.[0] ?? Infinity;
  let max = style.range?.[1] ?? -Infinity;
  if (style.task === "regression" && !style.range) {
    for (let i = 0; i < plane; i++) {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
  }
  const probs = new Float32Array(channels);
  for (let i = 0; i < plane; i++) {
    let rgb: Rgb;
    if (style.task === "regression") {
      rgb = regressionColor(values[i], min, max);
    } else if (channels === 1) {
      const p = values[i];
      rgb = binaryColor(style.discretize ? (p >= 0.5 ? 1 : 0) : p);
    } else {
      for (let c = 0; c < channels; c++) probs[c] = values[c * plane + i];
      if (style.discretize) {
        let best = 0;
        for (let c = 1; c < channels; c++) if (probs[c] > probs[best]) best = c;
        rgb = classColor(best);
      } else {
        rgb = multiClassColor(probs);
      }
    }
    out[i * 4] = rgb[0];
    out[i * 4 + 1] = rgb[1];
    out[i * 4 + 2] = rgb[2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Colour of a data point by its label. */
export function pointColor(label: number, task: Task, range?: [number, number]): Rgb {
  if (task === "regression") return regressionColor(label, range?.[0] ?? -1, range?.[1] ?? 1);
  return classColor(Math.round(label));
}

export const rgbCss = (rgb: Rgb, alpha = 1) =>
  alpha === 1 ? `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})` : `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})`;
