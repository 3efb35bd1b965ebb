// The confusion matrix on the evaluation subset: rows are the true class, columns the prediction, each cell
// the share of that row; blue on the diagonal (right), red off it. The worst confusion is read out under it.
import { useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { TensorFrame } from "../../api/frames";
import { rgbCss } from "../../lib/colors";
import { cellColor, diagonalAccuracy, rowShares, textOn, worstConfusion } from "../../lib/probes/confusion";
import { useDrawing, useWidth } from "./useCanvas";

const LABELS = 34;

export function ConfusionView({ frame }: { frame: TensorFrame }) {
  const { t } = useTranslation();
  const classes = frame.header.shape[0] ?? 0;
  const names = Array.isArray(frame.header.class_names) ? frame.header.class_names.map(String) : [];
  const name = (k: number) => names[k] ?? String(k);
  const confusion = useMemo(() => ({ classes, counts: frame.values }), [classes, frame]);
  const shares = useMemo(() => rowShares(confusion), [confusion]);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const cell = Math.max(14, Math.min(44, Math.floor((width - LABELS) / Math.max(1, classes))));
  const size = LABELS + cell * classes;
  const canvas = useDrawing(
    size,
    size,
    (ctx) => {
      ctx.font = `${Math.min(13, Math.max(10, cell * 0.4))}px 'Inter Variable', system-ui, sans-serif`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      shares.forEach((row, truth) =>
        row.forEach((share, predicted) => {
          const rgb = cellColor(share, truth === predicted);
          const x = LABELS + predicted * cell;
          const y = LABELS + truth * cell;
          ctx.fillStyle = rgbCss(rgb);
          ctx.fillRect(x, y, cell - 1, cell - 1);
          if (share >= 0.005 && cell >= 22) {
            ctx.fillStyle = textOn(rgb);
            ctx.fillText(String(Math.round(share * 100)), x + cell / 2, y + cell / 2);
          }
        }),
      );
      ctx.fillStyle = "#1b1f24";
      for (let k = 0; k < classes; k++) {
        const label = name(k).slice(0, 4);
        ctx.fillText(label, LABELS + k * cell + cell / 2, LABELS / 2);
        ctx.fillText(label, LABELS / 2, LABELS + k * cell + cell / 2);
      }
    },
    [shares, cell, classes],
  );
  const accuracy = diagonalAccuracy(confusion);
  const worst = worstConfusion(confusion);
  const total = typeof frame.header.total === "number" ? frame.header.total : null;
  return (
    <section className="probe-section" aria-label={t("probes.confusion.title")} ref={box}>
      <h3 className="probe-title">
        {t("probes.confusion.title")}
        <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>
      </h3>
      <p className="probe-help">{t("probes.confusion.help", { total: total ?? "?" })}</p>
      <div className="confusion-frame">
        <span className="confusion-axis is-columns">{t("probes.confusion.predicted")}</span>
        <span className="confusion-axis is-rows">{t("probes.confusion.truth")}</span>
        <canvas
          ref={canvas}
          style={{ width: size, height: size }}
          role="img"
          aria-label={t("probes.confusion.title")}
          data-testid="confusion-matrix"
          data-total={total ?? ""}
          data-accuracy={accuracy ?? ""}
        />
      </div>
      {worst && (
        <p className="probe-reading" data-testid="confusion-worst">
          {t("probes.confusion.worst", {
            share: Math.round(worst.share * 100),
            truth: name(worst.truth),
            predicted: name(worst.predicted),
          })}
        </p>
      )}
    </section>
  );
}
