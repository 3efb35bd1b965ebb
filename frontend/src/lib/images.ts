// Drawing of a data set's sample images (sent as [C][H][W] bytes, see ImagePreview) on a canvas.
import type { ImageSample } from "../api/types";

/**
 * RGBA pixels (row-major, H×W) of one sample: one channel is drawn as grey (bright strokes on black, as the
 * classic digit pictures look), three as RGB; other channel counts show their first channel.
 */
export function samplePixels(sample: ImageSample): {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
} {
  const channels = sample.pixels;
  const height = channels[0]?.length ?? 0;
  const width = channels[0]?.[0]?.length ?? 0;
  const data = new Uint8ClampedArray(width * height * 4);
  const rgb = channels.length === 3 ? channels : [channels[0], channels[0], channels[0]];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[i + c] = rgb[c]?.[y]?.[x] ?? 0;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Draws a sample into the square (x, y, size) of a context, with sharp pixels. */
export function drawSample(ctx: CanvasRenderingContext2D, sample: ImageSample, x: number, y: number, size: number) {
  const { width, height, data } = samplePixels(sample);
  if (width === 0 || height === 0) return;
  const source = document.createElement("canvas");
  source.width = width;
  source.height = height;
  source.getContext("2d")?.putImageData(new ImageData(data, width, height), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(source, x, y, size, size);
}

/** Up to `count` samples, taking one of each class in turn so a small mosaic shows several classes. */
export function varietyOf(samples: readonly ImageSample[], count: number): ImageSample[] {
  const byLabel = new Map<number, ImageSample[]>();
  for (const s of samples) byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), s]);
  const queues = [...byLabel.keys()].sort((a, b) => a - b).map((k) => byLabel.get(k) ?? []);
  const out: ImageSample[] = [];
  for (let round = 0; out.length < count; round++) {
    let added = false;
    for (const q of queues) {
      if (round < q.length && out.length < count) {
        out.push(q[round]);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}
