// A weight matrix [out, in] as an image, or conv kernels [out, in, kH, kW] as a grid (a row per output
// channel, a column per input channel), on a symmetric range centred on zero.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { TensorFrame } from "../../api/frames";
import { drawPlane } from "../../lib/probes/draw";
import { maxAbs } from "../../lib/probes/scale";
import { ZeroLegend } from "./Legend";
import { useDrawing } from "./useCanvas";

const MAX_HEIGHT = 220;
const GAP = 4;

/**
 * Kernels go in a row per output channel and a column per input channel; a layer with one input channel (the
 * first conv on grey images) puts its kernels side by side instead of in one tall column.
 */
function geometry(shape: number[], width: number) {
  if (shape.length === 4) {
    const [out, inputs, kh, kw] = shape;
    const [rows, columns] = inputs === 1 ? [1, out] : [out, inputs];
    const fit = Math.floor((width + GAP) / columns) - GAP;
    const cell = Math.max(4, Math.min(40, fit, Math.floor((MAX_HEIGHT * 2) / rows)));
    const w = columns * (cell + GAP) - GAP;
    return { kernels: true, out, inputs, kh, kw, cell, columns, w, h: rows * (cell + GAP) - GAP };
  }
  const [out, inputs] = shape;
  const pixel = Math.max(1, Math.min(12, width / inputs, MAX_HEIGHT / out));
  return { kernels: false, out, inputs, kh: 1, kw: 1, cell: pixel, columns: inputs, w: inputs * pixel, h: out * pixel };
}

export function WeightImage({ frame, width }: { frame: TensorFrame; width: number }) {
  const { t } = useTranslation();
  const shape = frame.header.shape;
  const g = useMemo(() => geometry(shape, width), [shape, width]);
  const half = useMemo(() => maxAbs(frame.values), [frame]);
  const canvas = useDrawing(
    g.w,
    g.h,
    (ctx) => {
      if (!g.kernels) {
        drawPlane(ctx, frame.values, 0, { height: g.out, width: g.inputs }, half, [0, 0, g.w, g.h]);
        return;
      }
      const size = g.kh * g.kw;
      for (let k = 0; k < g.out * g.inputs; k++) {
        const [row, column] = [Math.floor(k / g.columns), k % g.columns];
        const box: [number, number, number, number] = [column * (g.cell + GAP), row * (g.cell + GAP), g.cell, g.cell];
        drawPlane(ctx, frame.values, k * size, { height: g.kh, width: g.kw }, half, box);
      }
    },
    [frame, g, half],
  );
  const param = typeof frame.header.param === "string" ? frame.header.param : "weight";
  return (
    <figure className="probe-figure">
      <figcaption className="histogram-title">
        {g.kernels
          ? t("probes.weights.kernels", { param, out: g.out, inputs: g.inputs, size: `${g.kh}×${g.kw}` })
          : t("probes.weights.matrix", { param, out: g.out, inputs: g.inputs })}
        {frame.header.truncated === true && ` · ${t("probes.weights.truncated")}`}
      </figcaption>
      <canvas
        ref={canvas}
        style={{ width: g.w, height: g.h }}
        role="img"
        data-testid="weight-image"
        aria-label={param}
      />
      <ZeroLegend half={half} />
    </figure>
  );
}
