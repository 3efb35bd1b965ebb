// A student's recent training losses as a small uPlot line: no axes, no cursor, redrawn as the poll brings more.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import { useUPlot } from "../../lib/chart";

const HEIGHT = 44;

function data(losses: readonly number[]): uPlot.AlignedData {
  return [losses.map((_v, i) => i), [...losses]];
}

export function Sparkline({ losses, label }: { losses: readonly number[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef(losses);
  latest.current = losses;
  const plot = useUPlot(
    container,
    { minWidth: 80, height: HEIGHT },
    () => ({
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: "#0877bd", width: 2, points: { show: false }, fill: "rgba(8, 119, 189, 0.08)" }],
    }),
    () => data(latest.current),
    [],
  );
  useEffect(() => plot.current?.setData(data(losses)), [plot, losses]);
  return <div className="sparkline" ref={container} role="img" aria-label={label} data-testid="sparkline" />;
}
