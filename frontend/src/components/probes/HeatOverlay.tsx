// A pinned image in grey with a heat map laid over it (attention over patches, saliency, Grad-CAM): the heat is
// scaled to its own maximum and drawn smoothly, transparent where it is low.
import type { SampleSet } from "./samples";
import { useDrawing } from "./useCanvas";

function greyImage(set: SampleSet, at: number): ImageData | null {
  const [channels = 1, height = 0, width = 0] = set.inputShape;
  const sample = set.samples[at];
  if (!sample || set.inputShape.length !== 3) return null;
  const plane = height * width;
  const out = new ImageData(width, height);
  for (let i = 0; i < plane; i++) {
    let v = 0;
    for (let c = 0; c < channels; c++) v += set.frame.values[sample.start + c * plane + i];
    const g = Math.round(255 * Math.min(1, Math.max(0, v / channels)));
    out.data.set([g, g, g, 255], i * 4);
  }
  return out;
}

function heatImage(heat: ArrayLike<number>, rows: number, cols: number): ImageData {
  let top = 0;
  for (let i = 0; i < heat.length; i++) if (Number.isFinite(heat[i])) top = Math.max(top, Math.abs(heat[i]));
  const out = new ImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const v = top > 0 ? Math.abs(heat[i]) / top : 0;
    // Warm colours for strong attribution; alpha follows the value so the image shows through.
    out.data.set([255, Math.round(220 * (1 - v)), 0, Math.round(200 * v)], i * 4);
  }
  return out;
}

function bitmap(image: ImageData): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = image.width;
  c.height = image.height;
  c.getContext("2d")?.putImageData(image, 0, 0);
  return c;
}

export function HeatOverlay(props: {
  set: SampleSet;
  at: number;
  heat: ArrayLike<number>;
  rows: number;
  cols: number;
  size: number;
  testId?: string;
}) {
  const { set, at, heat, rows, cols, size } = props;
  const canvas = useDrawing(
    size,
    size,
    (ctx) => {
      const image = greyImage(set, at);
      if (image) {
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(bitmap(image), 0, 0, size, size);
      }
      ctx.imageSmoothingEnabled = rows * cols > 64;
      ctx.drawImage(bitmap(heatImage(heat, rows, cols)), 0, 0, size, size);
    },
    [set, at, heat, rows, cols],
  );
  return <canvas ref={canvas} style={{ width: size, height: size }} data-testid={props.testId} aria-hidden="true" />;
}
