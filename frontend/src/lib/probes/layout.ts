// How a node's output tensor is laid out on screen: feature maps as a grid of channel images, sequences as a
// [T, F] heatmap, anything flat as bars. Shapes exclude the batch dimension, as the validator reports them.

export type TensorLayout =
  | { kind: "maps"; channels: number; height: number; width: number }
  | { kind: "sequence"; steps: number; features: number }
  | { kind: "vector"; length: number };

/**
 * [C, H, W] (and longer shapes, whose leading axes fold into channels) are feature maps; [T, F] a sequence;
 * [F] a vector. A map of 1×1 pixels says nothing as an image, so [C, 1, 1] is a vector of C values.
 */
export function tensorLayout(shape: readonly number[]): TensorLayout {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.length >= 3) {
    const height = shape[shape.length - 2];
    const width = shape[shape.length - 1];
    if (height * width > 1) return { kind: "maps", channels: count / (height * width), height, width };
    return { kind: "vector", length: count };
  }
  if (shape.length === 2) return { kind: "sequence", steps: shape[0], features: shape[1] };
  return { kind: "vector", length: count };
}

export type Grid = { columns: number; rows: number; cell: number; gap: number; width: number; height: number };

/**
 * A grid for `count` square cells that fits `width` pixels: as large as possible, but at least `minCell` (then
 * it wraps to more rows) and at most `maxCell` (a 4-channel map should not fill the whole panel).
 */
export function fitGrid(count: number, width: number, minCell: number, maxCell: number, gap = 4): Grid {
  if (count <= 0) return { columns: 0, rows: 0, cell: 0, gap, width: 0, height: 0 };
  let columns = Math.max(1, Math.min(count, Math.floor((width + gap) / (minCell + gap))));
  // Balance the rows: 10 channels in 8 columns look better as 5 × 2.
  const rows = Math.ceil(count / columns);
  columns = Math.ceil(count / rows);
  const cell = Math.floor(Math.min(maxCell, (width + gap) / columns - gap));
  return { columns, rows, cell, gap, width: columns * (cell + gap) - gap, height: rows * (cell + gap) - gap };
}

/** Top-left corner of cell `index` in a grid. */
export function cellOrigin(grid: Grid, index: number): [number, number] {
  const column = index % grid.columns;
  const row = Math.floor(index / grid.columns);
  return [column * (grid.cell + grid.gap), row * (grid.cell + grid.gap)];
}
