// Shared uPlot set-up for the loss, learning-rate and compare charts: axis style, common options and the
// create/resize/destroy life cycle.
import { type DependencyList, type RefObject, useEffect, useRef } from "react";
import uPlot from "uplot";

/** Axis colours and font; `small` is the compact variant of the learning-rate chart. */
export function axisStyle(small = false): uPlot.Axis {
  return {
    stroke: "#5b6678",
    grid: { stroke: "#eef1f5", width: 1 },
    ticks: { stroke: "#dfe4ea", width: 1, size: small ? 3 : 4 },
    font: `${small ? 10 : 11}px 'Inter Variable', system-ui, sans-serif`,
  };
}

/** Options every chart shares: no built-in legend, no drag-zoom, a numeric x axis. */
export function baseOptions(pointSize: number): Pick<uPlot.Options, "legend" | "cursor"> {
  return { legend: { show: false }, cursor: { drag: { x: false, y: false }, points: { size: pointSize } } };
}

/** Tick labels with at most three significant digits. */
export function precision3(_u: uPlot, ticks: number[]): string[] {
  return ticks.map((v) => String(Number(v.toPrecision(3))));
}

/**
 * Creates a uPlot chart in `container`, keeps its width in step with the container (at least `minWidth`) and
 * destroys it on unmount or when `deps` change. Returns a ref to the chart for `setData`.
 */
export function useUPlot(
  container: RefObject<HTMLDivElement | null>,
  size: { minWidth: number; height: number },
  options: () => Omit<uPlot.Options, "width" | "height">,
  data: () => uPlot.AlignedData,
  deps: DependencyList,
): RefObject<uPlot | null> {
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const width = () => Math.max(size.minWidth, el.clientWidth);
    const chart = new uPlot({ width: width(), height: size.height, ...options() }, data(), el);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: width(), height: size.height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return plot;
}
