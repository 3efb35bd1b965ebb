// A sequence forecast [2, T, F] (prediction, truth) of one sample: a small chart per feature channel, the
// truth in grey and the prediction in blue, on a shared vertical range.
import type { TensorFrame } from "../../api/frames";
import { maxAbs } from "../../lib/probes/scale";
import { useDrawing } from "./useCanvas";

const ROW = 32;
export const PREDICTION_COLOR = "#0877bd";
export const TRUTH_COLOR = "#98a3b3";

export function ForecastCurves({
  frame,
  s,
  width,
  label,
}: {
  frame: TensorFrame;
  s: number;
  width: number;
  label: string;
}) {
  const [, , steps = 1, features = 1] = frame.header.shape;
  const per = steps * features;
  const start = s * 2 * per;
  const half = Math.max(1e-9, maxAbs(frame.values, start, 2 * per));
  const height = ROW * features;
  const canvas = useDrawing(
    width,
    height,
    (ctx) => {
      for (let f = 0; f < features; f++) {
        const top = f * ROW;
        ctx.fillStyle = f % 2 ? "#f7f9fb" : "#ffffff";
        ctx.fillRect(0, top, width, ROW);
        for (const [k, color, lineWidth] of [
          [1, TRUTH_COLOR, 3],
          [0, PREDICTION_COLOR, 2],
        ] as const) {
          ctx.strokeStyle = color;
          ctx.lineWidth = lineWidth;
          ctx.beginPath();
          for (let i = 0; i < steps; i++) {
            const v = frame.values[start + k * per + i * features + f];
            const x = steps > 1 ? (i / (steps - 1)) * (width - 8) + 4 : width / 2;
            const y = top + ROW / 2 - (v / half) * (ROW / 2 - 4);
            if (i === 0) ctx.moveTo(x, y);
            else ctx.lineTo(x, y);
          }
          ctx.stroke();
        }
      }
    },
    [frame, s, width],
  );
  return (
    <figure className="probe-figure">
      <figcaption>{label}</figcaption>
      <canvas ref={canvas} style={{ width, height }} data-testid="forecast-curves" />
    </figure>
  );
}
