// One sample's tensor drawn by its layout: feature maps as a grid of channel images, a sequence as a [T, F]
// heatmap (time downwards), a vector as bars; each on the zero-centred scale under the chosen range.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { drawBars, drawPlane, drawPlaneGrid } from "../../lib/probes/draw";
import { fitGrid, tensorLayout } from "../../lib/probes/layout";
import type { Planes } from "../../lib/probes/planes";
import { channelRanges, type RangeMode } from "../../lib/probes/scale";
import { useDrawing } from "./useCanvas";

const MAX_CHANNELS = 64;
const MIN_CELL = 44;
const MAX_CELL = 96;
const BARS_HEIGHT = 90;
const MAX_HEATMAP_HEIGHT = 180;

type Props = {
  planes: Planes;
  /** "maps", "vector" or "sequence" as the activations probe says; derived from the shape when absent. */
  layout?: string;
  mode: RangeMode;
  globalMax: number;
  width: number;
  testId: string;
};

export function TensorPlanes({ planes, layout, mode, globalMax, width, testId }: Props) {
  const { t } = useTranslation();
  const shape = planes.shape;
  const kind = layout ?? tensorLayout(shape).kind;
  const [height, planeW] = [shape[shape.length - 2] ?? 1, shape[shape.length - 1] ?? planes.values.length];
  const channels = Math.min(planes.planeMax.length, MAX_CHANNELS);
  const halves = useMemo(
    () => channelRanges(planes.planeMax.slice(0, channels), mode, globalMax),
    [planes, channels, mode, globalMax],
  );
  const grid = useMemo(() => fitGrid(channels, width, MIN_CELL, MAX_CELL), [channels, width]);
  const heatmapHeight = Math.min(MAX_HEATMAP_HEIGHT, Math.max(40, height * 14));
  const box: [number, number] =
    kind === "maps" ? [grid.width, grid.height] : kind === "sequence" ? [width, heatmapHeight] : [width, BARS_HEIGHT];
  const canvas = useDrawing(
    box[0],
    box[1],
    (ctx) => {
      if (kind === "maps") drawPlaneGrid(ctx, planes.values, { height, width: planeW }, halves, grid);
      else if (kind === "sequence")
        drawPlane(ctx, planes.values, 0, { height, width: planeW }, halves[0], [0, 0, ...box]);
      else drawBars(ctx, planes.values, halves[0], box[0], box[1]);
    },
    [planes, halves, grid, kind],
  );
  const label =
    kind === "maps"
      ? t("probes.activations.mapsLabel", { count: planes.planeMax.length, height, width: planeW })
      : kind === "sequence"
        ? t("probes.activations.sequenceLabel", { steps: height, features: planeW })
        : t("probes.activations.vectorLabel", { count: planes.values.length });
  return (
    <figure className="probe-figure">
      <canvas
        ref={canvas}
        style={{ width: box[0], height: box[1] }}
        role="img"
        aria-label={label}
        data-testid={testId}
        data-layout={kind}
        data-channels={planes.planeMax.length}
      />
      <figcaption>
        {label}
        {planes.planeMax.length > MAX_CHANNELS &&
          ` · ${t("probes.activations.firstChannels", { count: MAX_CHANNELS })}`}
      </figcaption>
    </figure>
  );
}
