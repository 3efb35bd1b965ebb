// One node's weight norm, gradient norm and update/weight ratio over training, on a log axis: a healthy ratio
// sits near 1e-3; gradients that vanish fall by orders of magnitude.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { axisStyle, baseOptions, useUPlot } from "../../lib/chart";
import { formatValue } from "../../lib/probes/scale";
import { type NormsTable, normSeries } from "../../lib/probes/stats";

export const NORM_COLORS = { weight: "#1f2a44", grad: "#d62728", update_ratio: "#2e9e43" } as const;
const ROWS = ["weight", "grad", "update_ratio"] as const;
const HEIGHT = 150;

/** Labels only the powers of ten: a log axis also ticks 2×, 3×…, whose labels would run into each other. */
function logTicks(_u: uPlot, ticks: number[]): string[] {
  return ticks.map((v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-6 ? formatValue(v) : ""));
}

export function NormsChart({ table, node }: { table: NormsTable; node: string }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const data = (): uPlot.AlignedData => [table.steps, ...ROWS.map((row) => normSeries(table, row, node))];
  const plot = useUPlot(
    container,
    { minWidth: 220, height: HEIGHT },
    () => {
      const axis = axisStyle(true);
      return {
        ...baseOptions(5),
        scales: { x: { time: false }, y: { distr: 3, log: 10 } },
        axes: [
          { ...axis, size: 26 },
          { ...axis, size: 52, values: logTicks },
        ],
        series: [
          { label: t("output.step") },
          ...ROWS.map((row) => ({
            label: t(`probes.norms.${row}`),
            stroke: NORM_COLORS[row],
            width: 2,
            spanGaps: true,
            points: { show: false },
          })),
        ],
      };
    },
    data,
    [t, node],
  );
  useEffect(() => {
    plot.current?.setData(data());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [table, node]);
  return (
    <figure className="probe-figure norms-chart">
      <figcaption className="chart-legend">
        {ROWS.map((row) => (
          <span key={row} className="legend-item">
            <span className="legend-swatch" style={{ background: NORM_COLORS[row] }} />
            {t(`probes.norms.${row}`)}
          </span>
        ))}
      </figcaption>
      <div ref={container} data-testid="norms-chart" data-points={table.steps.length} />
    </figure>
  );
}
