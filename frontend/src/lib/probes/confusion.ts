// Confusion matrix of a classifier on the evaluation subset: rows are the true class, columns the predicted
// one. Each row is read as "of the examples of this class, what share went where".
import { BLUE, mix, type Rgb } from "../colors";

export type Confusion = { classes: number; counts: ArrayLike<number> };

/** Each row divided by its total (an empty row stays all zero). */
export function rowShares(confusion: Confusion): number[][] {
  const k = confusion.classes;
  return Array.from({ length: k }, (_, row) => {
    const cells = Array.from({ length: k }, (_, col) => confusion.counts[row * k + col] ?? 0);
    const total = cells.reduce((a, b) => a + b, 0);
    return cells.map((c) => (total > 0 ? c / total : 0));
  });
}

/** Share of all examples on the diagonal; null for an empty matrix. */
export function diagonalAccuracy(confusion: Confusion): number | null {
  const k = confusion.classes;
  let total = 0;
  let right = 0;
  for (let i = 0; i < k * k; i++) {
    const c = confusion.counts[i] ?? 0;
    total += c;
    if (i % (k + 1) === 0) right += c;
  }
  return total > 0 ? right / total : null;
}

const PAPER: Rgb = [255, 255, 255];
const ERROR_HUE: Rgb = [214, 39, 40];

/** Cell colour: blue on the diagonal (right), red off it (confusions), deeper as the share grows. */
export function cellColor(share: number, onDiagonal: boolean): Rgb {
  return mix(PAPER, onDiagonal ? BLUE : ERROR_HUE, Math.sqrt(Math.max(0, Math.min(1, share))));
}

/** Dark or light text, whichever reads on the cell's colour. */
export function textOn(rgb: Rgb): string {
  const luminance = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255;
  return luminance > 0.6 ? "#1b1f24" : "#ffffff";
}

/** The most frequent confusion (true, predicted, share), for the one-line reading under the matrix. */
export function worstConfusion(confusion: Confusion): { truth: number; predicted: number; share: number } | null {
  const shares = rowShares(confusion);
  let worst: { truth: number; predicted: number; share: number } | null = null;
  shares.forEach((row, truth) =>
    row.forEach((share, predicted) => {
      if (truth !== predicted && share > 0 && (!worst || share > worst.share)) worst = { truth, predicted, share };
    }),
  );
  return worst;
}
