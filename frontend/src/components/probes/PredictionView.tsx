// Predictions on pinned test samples, drawn as the server's task table says (`view` of the predictions frame):
// class probabilities, predicted vs true masks, reconstructions beside inputs, forecast vs truth curves,
// predicted vs true tokens, predicted vs true values.
import { useRef } from "react";
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

export function PredictionView({ frame }: { frame: TensorFrame }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const view = String(frame.header.view ?? "");
  const samples = Array.isArray(frame.header.samples) ? frame.header.samples.map(Number) : [];
  const count = frame.header.shape[0] ?? 0;
  const each = Array.from({ length: count }, (_, s) => s);
  const labelOf = (s: number) => t("probes.predictions.sample", { index: samples[s] ?? s });
  const body = () => {
    switch (view) {
      case "masks":
        return each.map((s) => (
          <div key={s} className="prediction-row">
            <span className="prediction-sample">{labelOf(s)}</span>
            <ImagePair
              frame={frame}
              s={s}
              labels={[t("probes.predictions.predictedMask"), t("probes.predictions.trueMask")]}
            />
          </div>
        ));
      case "reconstruction":
        return each.map((s) => (
          <div key={s} className="prediction-row">
            <span className="prediction-sample">{labelOf(s)}</span>
            <ImagePair
              frame={frame}
              s={s}
              labels={[t("probes.predictions.input"), t("probes.predictions.reconstruction")]}
            />
          </div>
        ));
      case "forecast":
        return each.map((s) => <ForecastCurves key={s} frame={frame} s={s} width={width} label={labelOf(s)} />);
      case "tokens":
        return <TokenRows frame={frame} labelOf={labelOf} />;
      case "values":
        return each.map((s) => (
          <div key={s} className="prediction-row">
            <span className="prediction-sample">{labelOf(s)}</span>
            <ValueBars frame={frame} s={s} width={Math.max(120, width - 90)} />
          </div>
        ));
      default:
        return null;
    }
  };
  return (
    <section
      className="probe-section"
      aria-label={t("probes.predictions.title")}
      data-testid="prediction-view"
      data-view={view}
      ref={box}
    >
      <h3 className="probe-title">
        {t(`probes.predictions.view.${view}`, { defaultValue: t("probes.predictions.title") })}
        <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>
      </h3>
      {width > 0 && body()}
    </section>
  );
}
