// Weights and gradients: histograms reduced on the worker (fractions of the values in equal bins) and the
// norms of every parametrised node over time (the `norms` probe sends their log10).

/** Counts of values in `counts.length` equal bins spanning [min, max]. */
export type Histogram = { min: number; max: number; counts: ArrayLike<number> };

/** Bars of a histogram in a box of `width` × `height` pixels: [x, y, w, h] each, the tallest bin full height. */
export function histogramBars(
  histogram: Histogram,
  width: number,
  height: number,
  logCounts = false,
): [number, number, number, number][] {
  const n = histogram.counts.length;
  if (n === 0) return [];
  const scaled = Array.from(histogram.counts, (c) => (logCounts ? Math.log1p(Math.max(0, c)) : Math.max(0, c)));
  const top = Math.max(...scaled);
  const barWidth = width / n;
  return scaled.map((c, i) => {
    const h = top > 0 ? (c / top) * height : 0;
    return [i * barWidth, height - h, barWidth, h];
  });
}

/** Where zero falls on a histogram's x axis (0..1), or null when it lies outside [min, max]. */
export function zeroPosition(histogram: Histogram): number | null {
  const span = histogram.max - histogram.min;
  if (!(span > 0) || histogram.min > 0 || histogram.max < 0) return null;
  return -histogram.min / span;
}

/**
 * How many orders of magnitude the gradient norm falls from the last of `nodes` (nearest the loss) to the
 * first: the number a vanishing-gradient lesson asks for. null until both ends have a gradient.
 */
export function gradientDecades(latestGrads: readonly (number | null)[]): number | null {
  const first = latestGrads.find((g) => g !== null && g > 0);
  const last = [...latestGrads].reverse().find((g) => g !== null && g > 0);
  if (first == null || last == null) return null;
  return Math.log10(last / first);
}

/** The norms probe's [3, L, T] payload: log10 of weight norm, gradient norm and update/weight ratio. */
export type NormsTable = { nodes: string[]; steps: number[]; rows: string[]; log10: ArrayLike<number> };

/**
 * One quantity (a row of the table, e.g. "grad") of one node over time, as plain values for a log axis; NaN
 * (unknown, e.g. no gradient yet or a run probed from its checkpoint) becomes a gap.
 */
export function normSeries(table: NormsTable, row: string, node: string): (number | null)[] {
  const r = table.rows.indexOf(row);
  const l = table.nodes.indexOf(node);
  const t = table.steps.length;
  if (r < 0 || l < 0) return table.steps.map(() => null);
  const start = (r * table.nodes.length + l) * t;
  return Array.from({ length: t }, (_, i) => {
    const v = table.log10[start + i];
    return Number.isFinite(v) ? 10 ** v : null;
  });
}

/** The newest known value of one quantity for every node, in the table's (topological) order. */
export function latestPerNode(table: NormsTable, row: string): (number | null)[] {
  return table.nodes.map((node) => {
    const series = normSeries(table, row, node);
    for (let i = series.length - 1; i >= 0; i--) if (series[i] !== null) return series[i];
    return null;
  });
}
