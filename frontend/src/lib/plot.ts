// Drawing of 2-D data points on a canvas, shared by the data preview, the thumbnails and the boundary view.
import type { Points, Task } from "../api/types";
import { pointColor, rgbCss } from "./colors";

export type Extent = readonly [number, number, number, number];

/** Maps data coordinates to canvas pixels (x1 to the right, x2 upwards). */
export function toPixel(x: number, y: number, extent: Extent, width: number, height: number): [number, number] {
  const [xmin, xmax, ymin, ymax] = extent;
  return [((x - xmin) / (xmax - xmin || 1)) * width, (1 - (y - ymin) / (ymax - ymin || 1)) * height];
}

export type PointStyle = {
  task: Task;
  range?: [number, number];
  radius: number;
  /** Outline: white for training points, dark for test points, as in Playground. */
  stroke: string;
};

export function drawPoints(
  ctx: CanvasRenderingContext2D,
  points: Points,
  extent: Extent,
  width: number,
  height: number,
  style: PointStyle,
): void {
  ctx.lineWidth = Math.max(0.75, style.radius / 3.5);
  ctx.strokeStyle = style.stroke;
  for (let i = 0; i < points.x.length; i++) {
    const [px, py] = toPixel(points.x[i][0], points.x[i][1], extent, width, height);
    ctx.beginPath();
    ctx.arc(px, py, style.radius, 0, Math.PI * 2);
    ctx.fillStyle = rgbCss(pointColor(points.y[i], style.task, style.range));
    ctx.fill();
    ctx.stroke();
  }
}

/** Sizes a canvas's backing store for the device pixel ratio and returns a context in CSS pixels. */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
