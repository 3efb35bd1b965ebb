// A histogram reduced on the worker (fractions of the values per bin) as bars, with zero marked and the
// range written under it.
import { useTranslation } from "react-i18next";
import { type Histogram as Bins, histogramBars, zeroPosition } from "../../lib/probes/stats";
import { formatValue } from "../../lib/probes/scale";
import { useDrawing } from "./useCanvas";

const HEIGHT = 64;

export function Histogram({
  bins,
  color,
  label,
  width,
  testId,
}: {
  bins: Bins;
  color: string;
  label: string;
  width: number;
  testId: string;
}) {
  const { t } = useTranslation();
  const canvas = useDrawing(
    width,
    HEIGHT,
    (ctx) => {
      ctx.fillStyle = "#f4f6f8";
      ctx.fillRect(0, 0, width, HEIGHT);
      ctx.fillStyle = color;
      // Log counts: a few large bins would otherwise flatten the tails that show a problem.
      for (const [x, y, w, h] of histogramBars(bins, width, HEIGHT - 2, true))
        ctx.fillRect(x, y + 2, Math.max(1, w - 0.5), h);
      const zero = zeroPosition(bins);
      if (zero !== null) {
        ctx.strokeStyle = "#1b1f24";
        ctx.setLineDash([3, 2]);
        ctx.beginPath();
        ctx.moveTo(zero * width + 0.5, 0);
        ctx.lineTo(zero * width + 0.5, HEIGHT);
        ctx.stroke();
      }
    },
    [bins, color],
  );
  return (
    <figure className="probe-figure histogram">
      <figcaption className="histogram-title">{label}</figcaption>
      <canvas ref={canvas} style={{ width, height: HEIGHT }} role="img" aria-label={label} data-testid={testId} />
      <div className="histogram-range">
        <span>{formatValue(bins.min)}</span>
        <span>{t("probes.weights.range")}</span>
        <span>{formatValue(bins.max)}</span>
      </div>
    </figure>
  );
}
