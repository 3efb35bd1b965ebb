// What the model generates: codes drawn from N(0, I) at the Sampling node, the same seeded codes at every step,
// decoded by the nodes after it and drawn as a grid of images. With a code of two values the grid can instead walk
// the latent plane over [-2, 2]² (row 0 at the top: the largest second value).
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TensorFrame } from "../../api/frames";
import { drawPixels, imagePixels } from "../../lib/probes/draw";
import { useFrame } from "../../state/run";
import { useValidation } from "../../state/validation";
import { ProbeSwitch } from "./Legend";
import { useProbeProblem, useWatch } from "./probeStore";
import { useDrawing, useWidth } from "./useCanvas";

type Layout = "samples" | "grid";
const LAYOUTS: readonly Layout[] = ["samples", "grid"];
const OPTIONS: Readonly<Record<Layout, Record<string, unknown>>> = {
  samples: { count: 16 },
  grid: { layout: "grid", count: 49 },
};
const GAP = 3;
const MAX_CELL = 96; // pixels per image at most: an 8×8 digit stays crisp and reads from the back of a room

function ImageGrid({ frame, width }: { frame: TensorFrame; width: number }) {
  const [count, ...image] = frame.header.shape;
  const perImage = image.reduce((a, b) => a * b, 1);
  const [height, imageWidth] = image.slice(-2);
  const columns = typeof frame.header.columns === "number" ? frame.header.columns : Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const cell = Math.max(16, Math.min(MAX_CELL, Math.floor((width - GAP * (columns - 1)) / columns)));
  const size = { w: columns * cell + GAP * (columns - 1), h: rows * cell + GAP * (rows - 1) };
  // The frame's fixed range is the data's (0..1 for digits), so a grey square is a grey pixel at every step.
  const lo = frame.header.offset;
  const hi = frame.header.offset + 255 * frame.header.scale;
  const canvas = useDrawing(
    size.w,
    size.h,
    (ctx) => {
      for (let i = 0; i < count; i++) {
        const box: [number, number, number, number] = [
          (i % columns) * (cell + GAP),
          Math.floor(i / columns) * (cell + GAP),
          cell,
          cell,
        ];
        drawPixels(ctx, imagePixels(frame.values, i * perImage, image, lo, hi), { height, width: imageWidth }, box);
      }
    },
    [frame, cell, columns],
  );
  return (
    <canvas
      ref={canvas}
      style={{ width: size.w, height: size.h }}
      data-testid="prior-images"
      data-count={count}
      data-layout={String(frame.header.layout ?? "")}
    />
  );
}

export function PriorView({ node }: { node: string }) {
  const { t } = useTranslation();
  const shape = useValidation((s) => s.report?.nodes[node]?.output_shape);
  const planar = shape?.reduce((a, b) => a * b, 1) === 2;
  const [chosen, setChosen] = useState<Layout>("samples");
  const layout = planar ? chosen : "samples";
  useWatch({ probe: "prior", node, options: OPTIONS[layout] });
  const frame = useFrame("prior", node);
  const problem = useProbeProblem("prior", node);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  return (
    <section className="probe-section" aria-label={t("probes.prior.title")} data-testid="prior-view">
      <h3 className="probe-title">
        {t("probes.prior.title")}
        {frame && <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>}
      </h3>
      <p className="probe-help">{t(`probes.prior.help.${layout}`, { node, count: OPTIONS.samples.count })}</p>
      {planar && (
        <ProbeSwitch
          choices={LAYOUTS}
          value={layout}
          onChange={setChosen}
          label={t("probes.prior.layout")}
          text={(l) => t(`probes.prior.layouts.${l}`)}
          testId="prior"
        />
      )}
      <div className="prior-grid" ref={box}>
        {problem && <p className="field-error">{problem}</p>}
        {!frame && !problem && <p className="probe-help">{t("probes.waiting")}</p>}
        {frame && width > 0 && <ImageGrid frame={frame} width={width} />}
      </div>
    </section>
  );
}
