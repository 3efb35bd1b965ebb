// The learning rate of each step (schedule, warm-up and live changes), a small chart under the loss chart.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import { axisStyle, baseOptions, useUPlot } from "../../lib/chart";
import { useRunState, useRunStore } from "../../state/run";
import { latest, type Series } from "../../state/series";

const HEIGHT = 70;
export const LR_COLOR = "#0877bd";

function chartData(series: Series): uPlot.AlignedData {
  return [series.steps, series.lr];
}

function formatLr(v: number): string {
  if (v === 0) return "0";
  return Math.abs(v) < 0.001 || Math.abs(v) >= 100_000 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

export function LrChart() {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const store = useRunStore();
  const series = useRunState((s) => s.series);
  const current = latest(series.lr);

  const plot = useUPlot(
    container,
    { minWidth: 200, height: HEIGHT },
    () => {
      const axis = axisStyle(true);
      return {
        ...baseOptions(5),
        scales: {
          x: { time: false },
          y: {
            range: (_u, min, max) => {
              if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
              if (min === max) return [0, max > 0 ? max * 1.5 : 1];
              return [0, max * 1.1];
            },
          },
        },
        axes: [
          { ...axis, size: 22 },
          {
            ...axis,
            space: 18,
            size: (_u, values) => Math.max(40, 12 + 6 * Math.max(0, ...(values ?? []).map((v) => v.length))),
            ticks: { ...axis.ticks, show: false },
            values: (_u, ticks) => ticks.map(formatLr),
          },
        ],
        series: [
          { label: t("output.step") },
          { label: t("output.lr"), stroke: LR_COLOR, width: 1.5, spanGaps: true, points: { show: false } },
        ],
      };
    },
    () => chartData(store.getState().series),
    [t],
  );

  useEffect(() => {
    const frame = requestAnimationFrame(() => plot.current?.setData(chartData(series)));
    return () => cancelAnimationFrame(frame);
  }, [series]);

  return (
    <div className="lr-chart" data-testid="lr-chart-block">
      <div className="chart-legend">
        <span className="legend-item">
          <span className="legend-swatch" style={{ background: LR_COLOR }} />
          {t("output.lr")}
        </span>
        <span className="lr-current" data-testid="current-lr">
          {current === null ? "–" : t("output.lrNow", { lr: formatLr(current) })}
        </span>
      </div>
      <div ref={container} data-testid="lr-chart" />
    </div>
  );
}
