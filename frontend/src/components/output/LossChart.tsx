// Streaming loss chart (uPlot): training and test loss against the step.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useRun } from "../../state/run";

export const TRAIN_COLOR = "#98a3b3";
export const TEST_COLOR = "#1f2a44";
const HEIGHT = 150;

function chartData(): uPlot.AlignedData {
  const { series } = useRun.getState();
  return [series.steps, series.train, series.test];
}

export function LossChart() {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const version = useRun((s) => s.seriesVersion);
  const empty = useRun((s) => s.series.steps.length === 0);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const axis: uPlot.Axis = {
      stroke: "#5b6678",
      grid: { stroke: "#eef1f5", width: 1 },
      ticks: { stroke: "#dfe4ea", width: 1, size: 4 },
      font: "11px 'Inter Variable', system-ui, sans-serif",
    };
    const options: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: {
        x: { time: false },
        // Losses are non-negative: anchor the axis at zero so progress reads at a glance.
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        { ...axis, size: 28 },
        { ...axis, size: 40, values: (_u, ticks) => ticks.map((v) => String(Number(v.toPrecision(3)))) },
      ],
      series: [
        { label: t("output.step") },
        { label: t("output.trainLoss"), stroke: TRAIN_COLOR, width: 1.5, spanGaps: true, points: { show: false } },
        { label: t("output.testLoss"), stroke: TEST_COLOR, width: 2, spanGaps: true, points: { show: false } },
      ],
    };
    const chart = new uPlot(options, chartData(), el);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [t]);

  useEffect(() => {
    // Metrics arrive up to ~20 times a second; redraw at most once per animation frame.
    const frame = requestAnimationFrame(() => plot.current?.setData(chartData()));
    return () => cancelAnimationFrame(frame);
  }, [version]);

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
      </div>
      <div className="chart-area">
        <div ref={container} data-testid="loss-chart" />
        {empty && <p className="chart-empty">{t("output.chartEmpty")}</p>}
      </div>
    </div>
  );
}
