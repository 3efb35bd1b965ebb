// Streaming loss chart (uPlot): training and test loss against the step.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { axisStyle, baseOptions, precision3, useUPlot } from "../../lib/chart";
import { useRunState, useRunStore } from "../../state/run";
import { hasMeasurements, type Series } from "../../state/series";

export const TRAIN_COLOR = "#98a3b3";
export const TEST_COLOR = "#1f2a44";
export const VAL_COLOR = "#f59322";
const MARKER_COLOR = "#0877bd";
const HEIGHT = 150;

function chartData(series: Series): uPlot.AlignedData {
  return [series.steps, series.train, series.test, series.val];
}

export function LossChart() {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const store = useRunStore();
  const series = useRunState((s) => s.series);
  const empty = series.steps.length === 0;
  const hasVal = hasMeasurements(series.val);
  const history = useRunState((s) => s.history);
  const historyRef = useRef(history);
  historyRef.current = history;

  const plot = useUPlot(
    container,
    { minWidth: 200, height: HEIGHT },
    () => {
      const axis = axisStyle();
      return {
        ...baseOptions(6),
        scales: {
          x: { time: false },
          // Losses are non-negative: anchor the axis at zero so progress reads at a glance.
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
        },
        axes: [
          { ...axis, size: 28 },
          {
            ...axis,
            // Wide enough for the labels, e.g. "5e+29" when a run diverges.
            size: (_u, values) => Math.max(40, 12 + 6.5 * Math.max(0, ...(values ?? []).map((v) => v.length))),
            values: precision3,
          },
        ],
        series: [
          { label: t("output.step") },
          { label: t("output.trainLoss"), stroke: TRAIN_COLOR, width: 1.5, spanGaps: true, points: { show: false } },
          { label: t("output.testLoss"), stroke: TEST_COLOR, width: 2, spanGaps: true, points: { show: false } },
          {
            label: t("output.valLoss"),
            stroke: VAL_COLOR,
            width: 1.5,
            dash: [5, 3],
            spanGaps: true,
            points: { show: false },
          },
        ],
        hooks: {
          // Live setting changes: a dashed vertical line at the step they took effect after.
          draw: [
            (u) => {
              const ctx = u.ctx;
              ctx.save();
              ctx.strokeStyle = MARKER_COLOR;
              ctx.setLineDash([3, 3]);
              ctx.lineWidth = 1 * devicePixelRatio;
              for (const entry of historyRef.current) {
                const x = Math.round(u.valToPos(entry.step, "x", true));
                if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
              }
              ctx.restore();
            },
          ],
        },
      };
    },
    () => chartData(store.getState().series),
    [t],
  );

  useEffect(() => {
    // Metrics arrive up to ~20 times a second; redraw at most once per animation frame.
    const frame = requestAnimationFrame(() => plot.current?.setData(chartData(series)));
    return () => cancelAnimationFrame(frame);
  }, [series, history]);

  return (
    <div className="loss-chart">
      <div className="chart-legend" data-testid="chart-legend">
        <span className="legend-item">
          <span className="legend-swatch" style={{ background: TEST_COLOR }} />
          {t("output.testLoss")}
        </span>
        <span className="legend-item">
          <span className="legend-swatch" style={{ background: TRAIN_COLOR }} />
          {t("output.trainLoss")}
        </span>
        {hasVal && (
          <span className="legend-item" data-testid="legend-val">
            <span className="legend-swatch is-dashed" style={{ borderColor: VAL_COLOR }} />
            {t("output.valLoss")}
          </span>
        )}
        {history.length > 0 && (
          <span className="legend-item">
            <span className="legend-swatch is-marker" style={{ borderColor: MARKER_COLOR }} />
            {t("output.liveChange")}
          </span>
        )}
      </div>
      <div className="chart-area">
        <div ref={container} data-testid="loss-chart" />
        {empty && <p className="chart-empty">{t("output.chartEmpty")}</p>}
      </div>
    </div>
  );
}
