// Predictions on pinned test samples, drawn as the server's task table says (`view` of the predictions frame):
// predicted vs true masks, reconstructions beside inputs, predicted vs true values (a [T, F] forecast as curves,
// anything else as bars), predicted vs target tokens. Class probabilities are what the sample picker shows.
import { type ReactNode, useRef } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { TensorFrame } from "../../api/frames";
import { drawPlane } from "../../lib/probes/draw";
import { maxAbs } from "../../lib/probes/scale";
import { ForecastCurves } from "./ForecastCurves";
import { TokenRows } from "./TokenRows";
import { useDrawing, useWidth } from "./useCanvas";

const PAIR_CELL = 64;

/** Sample s's pair (prediction / truth, or input / reconstruction) of [C?, H, W] images side by side. */
function ImagePair({ frame, s, labels }: { frame: TensorFrame; s: number; labels: [string, string] }) {
  const shape = frame.header.shape;
  const [height, width] = shape.slice(-2);
  const plane = height * width;
  const perImage = shape.slice(2).reduce((a, b) => a * b, 1);
  const start = s * 2 * perImage;
  const canvas = useDrawing(
    PAIR_CELL * 2 + 6,
    PAIR_CELL,
    (ctx) => {
      // Values are 0..1 (probabilities, masks, pixels): drawn on the positive half of the scale, 0 neutral.
      for (let k = 0; k < 2; k++) {
        drawPlane(ctx, frame.values, start + k * perImage, { height, width }, 1, [
          k * (PAIR_CELL + 6),
          0,
          PAIR_CELL,
          PAIR_CELL,
        ]);
      }
    },
    [frame, s],
  );
  return (
    <figure className="prediction-pair">
      <canvas
        ref={canvas}
        style={{ width: PAIR_CELL * 2 + 6, height: PAIR_CELL }}
        data-testid="prediction-pair"
        data-plane={plane}
      />
      <figcaption>
        <span>{labels[0]}</span>
        <span>{labels[1]}</span>
      </figcaption>
    </figure>
  );
}

/** Sample s's [2, F] prediction and truth as paired bars. */
function ValueBars({ frame, s, width }: { frame: TensorFrame; s: number; width: number }) {
  const features = frame.header.shape[2] ?? 1;
  const start = s * 2 * features;
  const half = Math.max(1e-9, maxAbs(frame.values, start, 2 * features));
  const height = 60;
  const canvas = useDrawing(
    width,
    height,
    (ctx) => {
      const slot = width / features;
      for (let f = 0; f < features; f++) {
        for (let k = 0; k < 2; k++) {
          const v = frame.values[start + k * features + f];
          const h = (Math.abs(v) / half) * (height / 2);
          ctx.fillStyle = k === 0 ? "#0877bd" : "#98a3b3";
          ctx.fillRect(f * slot + k * slot * 0.4 + slot * 0.1, v >= 0 ? height / 2 - h : height / 2, slot * 0.35, h);
        }
      }
    },
    [frame, s, width],
  );
  return <canvas ref={canvas} style={{ width, height }} data-testid="prediction-values" />;
}

type BodyProps = { frame: TensorFrame; width: number; each: number[]; labelOf: (s: number) => string };
type Body = { title: (frame: TensorFrame) => string; draw: (props: BodyProps) => ReactNode };

/** A forecast is a regression whose output is a sequence: [S, 2, T, F]. */
const isForecast = (frame: TensorFrame) => frame.header.shape.length === 4;

function pairs(labels: (t: TFunction) => [string, string]): Body["draw"] {
  return function Pairs({ frame, each, labelOf }) {
    const { t } = useTranslation();
    return each.map((s) => (
      <div key={s} className="prediction-row">
        <span className="prediction-sample">{labelOf(s)}</span>
        <ImagePair frame={frame} s={s} labels={labels(t)} />
      </div>
    ));
  };
}

/** One entry per view the server's task table declares (docs/protocol.md, `predictions`). */
const BODIES: Readonly<Record<string, Body>> = {
  masks: {
    title: () => "masks",
    draw: pairs((t) => [t("probes.predictions.predictedMask"), t("probes.predictions.trueMask")]),
  },
  images: {
    title: () => "images",
    draw: pairs((t) => [t("probes.predictions.input"), t("probes.predictions.reconstruction")]),
  },
  values: {
    title: (frame) => (isForecast(frame) ? "forecast" : "values"),
    draw: ({ frame, width, each, labelOf }) =>
      isForecast(frame)
        ? each.map((s) => <ForecastCurves key={s} frame={frame} s={s} width={width} label={labelOf(s)} />)
        : each.map((s) => (
            <div key={s} className="prediction-row">
              <span className="prediction-sample">{labelOf(s)}</span>
              <ValueBars frame={frame} s={s} width={Math.max(120, width - 90)} />
            </div>
          )),
  },
  tokens: { title: () => "tokens", draw: ({ frame, labelOf }) => <TokenRows frame={frame} labelOf={labelOf} /> },
};

/** Whether the page has a drawing for this predictions frame's view. */
export const drawsView = (view: unknown) => typeof view === "string" && view in BODIES;

export function PredictionView({ frame }: { frame: TensorFrame }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const view = String(frame.header.view ?? "");
  const body = BODIES[view];
  const samples = Array.isArray(frame.header.samples) ? frame.header.samples.map(Number) : [];
  const each = Array.from({ length: frame.header.shape[0] ?? 0 }, (_, s) => s);
  const labelOf = (s: number) => t("probes.predictions.sample", { index: samples[s] ?? s });
  const Draw = body?.draw;
  return (
    <section
      className="probe-section"
      aria-label={t("probes.predictions.title")}
      data-testid="prediction-view"
      data-view={view}
      ref={box}
    >
      <h3 className="probe-title">
        {body ? t(`probes.predictions.view.${body.title(frame)}`) : t("probes.predictions.title")}
        <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>
      </h3>
      {Draw && width > 0 && <Draw frame={frame} width={width} each={each} labelOf={labelOf} />}
    </section>
  );
}
