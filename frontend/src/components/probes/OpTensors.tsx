// The selected operation's forward values and gradient from a `graph` frame ([2, ...shape]): the first planes
// of each as images on the zero-centred scale.
import { useTranslation } from "react-i18next";
import type { ProbeFrame } from "../../state/frames";
import { drawPlane } from "../../lib/probes/draw";
import { maxAbs } from "../../lib/probes/scale";
import { useDrawing } from "./useCanvas";

const PLANES = 8;
const CELL = 72;

function planeShape(shape: number[]): { height: number; width: number; count: number } {
  const rest = shape.slice(1);
  if (rest.length >= 2) {
    const height = rest[rest.length - 2];
    const width = rest[rest.length - 1];
    return { height, width, count: rest.slice(0, -2).reduce((a, b) => a * b, 1) };
  }
  return { height: 1, width: rest[0] ?? 0, count: 1 };
}

function Row({ frame, which }: { frame: ProbeFrame; which: 0 | 1 }) {
  const shape = frame.header.shape;
  const { height, width, count } = planeShape(shape);
  const size = height * width;
  const shown = Math.min(count, PLANES);
  const cellW = height === 1 ? Math.min(480, Math.max(CELL, width * 4)) : CELL;
  const cellH = height === 1 ? 18 : CELL;
  const start = which * size * count;
  const canvas = useDrawing(
    shown * (cellW + 4),
    cellH,
    (ctx) => {
      const half = maxAbs(frame.values, start, size * shown);
      for (let i = 0; i < shown; i++)
        drawPlane(ctx, frame.values, start + i * size, { height, width }, half, [i * (cellW + 4), 0, cellW, cellH]);
    },
    [frame, which],
  );
  return <canvas ref={canvas} style={{ width: shown * (cellW + 4), height: cellH }} aria-hidden="true" />;
}

export function OpTensors({ frame }: { frame: ProbeFrame }) {
  const { t } = useTranslation();
  if (frame.header.shape.length < 2 || frame.values.length === 0) return null;
  return (
    <div className="graph-tensors" data-testid="graph-tensors">
      <div>{t("probes.graph.forward")}</div>
      <Row frame={frame} which={0} />
      <div>{t("probes.graph.gradient")}</div>
      <Row frame={frame} which={1} />
    </div>
  );
}
