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
const GAP = 2;

function geometry(shape: number[], width: number) {
  if (shape.length === 4) {
    const [out, inputs, kh, kw] = shape;
    const cell = Math.max(
      4,
      Math.min(36, Math.floor((width + GAP) / inputs) - GAP, Math.floor((MAX_HEIGHT * 2) / out)),
    );
    return { kernels: true, out, inputs, kh, kw, cell, w: inputs * (cell + GAP) - GAP, h: out * (cell + GAP) - GAP };
  }
  const [out, inputs] = shape;
  const pixel = Math.max(1, Math.min(12, width / inputs, MAX_HEIGHT / out));
  return { kernels: false, out, inputs, kh: 1, kw: 1, cell: pixel, w: inputs * pixel, h: out * pixel };
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
      for (let o = 0; o < g.out; o++) {
        for (let i = 0; i < g.inputs; i++) {
          const box: [number, number, number, number] = [i * (g.cell + GAP), o * (g.cell + GAP), g.cell, g.cell];
          drawPlane(ctx, frame.values, (o * g.inputs + i) * size, { height: g.kh, width: g.kw }, half, box);
        }
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
