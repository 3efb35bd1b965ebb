// Canvas drawing of tensors: one [H, W] plane as an image (sharp pixels, scaled up), a grid of planes, a
// [T, F] heatmap and a vector as bars, all on the zero-centred colour scale.
import { rgbCss } from "../colors";
import { cellOrigin, type Grid } from "./layout";
import { planePixels, zeroCentred } from "./scale";

/** Draws one plane of `values` (starting at `start`) into the box (x, y, w, h) with sharp pixels. */
export function drawPlane(
  ctx: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  start: number,
  plane: { height: number; width: number },
  half: number,
  box: [number, number, number, number],
): void {
  const pixels = planePixels(values, start, plane.height, plane.width, half);
  drawPixels(ctx, pixels, plane, box);
}

/** RGBA pixels of one [C, H, W] image starting at `start`: grey for one channel, colour for three, `lo`..`hi`
 * mapped to black..white (clipped). */
export function imagePixels(
  values: ArrayLike<number>,
  start: number,
  shape: readonly number[],
  lo = 0,
  hi = 1,
): Uint8ClampedArray<ArrayBuffer> {
  const [channels, height, width] = shape;
  const plane = height * width;
  const span = hi > lo ? hi - lo : 1;
  const out = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const source = channels === 3 ? c : 0;
      out[i * 4 + c] = Math.round((255 * (values[start + source * plane + i] - lo)) / span);
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Draws RGBA pixels of a plane into a box, scaled without smoothing so each value stays a crisp square. */
export function drawPixels(
  ctx: CanvasRenderingContext2D,
  pixels: Uint8ClampedArray<ArrayBuffer>,
  plane: { height: number; width: number },
  box: [number, number, number, number],
): void {
  if (plane.width === 0 || plane.height === 0) return;
  const source = document.createElement("canvas");
  source.width = plane.width;
  source.height = plane.height;
  source.getContext("2d")?.putImageData(new ImageData(pixels, plane.width, plane.height), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(source, box[0], box[1], box[2], box[3]);
}

/** Draws the first `count` planes of a channel-major stack into a grid, each on its own range. */
export function drawPlaneGrid(
  ctx: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  plane: { height: number; width: number },
  halves: readonly number[],
  grid: Grid,
): void {
  const size = plane.height * plane.width;
  const aspect = plane.width / plane.height;
  const w = aspect >= 1 ? grid.cell : grid.cell * aspect;
  const h = aspect >= 1 ? grid.cell / aspect : grid.cell;
  halves.forEach((half, c) => {
    const [x, y] = cellOrigin(grid, c);
    drawPlane(ctx, values, c * size, plane, half, [x, y, w, h]);
    ctx.strokeStyle = "#c9d1db";
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
  });
}

/** Draws a vector as bars around a zero line, coloured by sign and magnitude. */
export function drawBars(
  ctx: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  half: number,
  width: number,
  height: number,
): void {
  const n = values.length;
  if (n === 0) return;
  const mid = height / 2;
  const barWidth = width / n;
  const gap = barWidth > 4 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const v = Number.isFinite(values[i]) ? values[i] : 0;
    const h = (Math.min(Math.abs(v), half) / half) * mid;
    ctx.fillStyle = rgbCss(zeroCentred(v === 0 ? 0 : Math.sign(v) * Math.max(Math.abs(v), half * 0.35), half));
    ctx.fillRect(i * barWidth, v >= 0 ? mid - h : mid, Math.max(1, barWidth - gap), h);
  }
  ctx.strokeStyle = "#5b6678";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, mid + 0.5);
  ctx.lineTo(width, mid + 0.5);
  ctx.stroke();
}
