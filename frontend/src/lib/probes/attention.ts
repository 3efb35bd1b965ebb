// Reading an attention frame: [S, H, Q, K] weights (or scores) per head with the positions' labels, and the
// class token's attention over a vision transformer's patches.
import type { FrameHeader } from "../../api/frames";
import { mix, NEUTRAL, BLUE, type Rgb } from "../colors";
import { zeroCentred } from "./scale";

export type Patches = { rows: number; cols: number; patch: number; classToken: boolean };

export type AttentionMaps = {
  heads: number;
  queries: number;
  keys: number;
  scores: boolean;
  causal: boolean;
  attentions: string[];
  queryLabels: string[];
  keyLabels: string[];
  patches: Patches | null;
  values: ArrayLike<number>;
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The first pinned sample's maps of an attention frame. */
export function readAttention(header: FrameHeader, values: ArrayLike<number>): AttentionMaps {
  const [, heads = 1, queries = 0, keys = 0] = header.shape;
  const firstOf = (v: unknown) => (Array.isArray(v) && v.length ? strings(v[0]) : []);
  const p = header.patches as Record<string, unknown> | null | undefined;
  const patches =
    p && typeof p.rows === "number" && typeof p.cols === "number"
      ? { rows: p.rows, cols: p.cols, patch: Number(p.patch), classToken: Boolean(p.class_token) }
      : null;
  return {
    heads,
    queries,
    keys,
    scores: header.scores === true,
    causal: header.causal === true,
    attentions: strings(header.attentions),
    queryLabels: firstOf(header.query_labels),
    keyLabels: firstOf(header.key_labels),
    patches,
    values,
  };
}

/** The weight (or score) of head h, query q, key k. */
export const cell = (m: AttentionMaps, h: number, q: number, k: number): number =>
  m.values[(h * m.queries + q) * m.keys + k];

/** The largest finite |score| of a head (the colour range of the scores view). */
export function headRange(m: AttentionMaps, h: number): number {
  let best = 0;
  for (let i = 0; i < m.queries * m.keys; i++) {
    const v = m.values[h * m.queries * m.keys + i];
    if (Number.isFinite(v)) best = Math.max(best, Math.abs(v));
  }
  return best || 1;
}

/** Colour of a weight in 0..1 (white to blue), or of a score on the zero-centred scale; hidden keys grey. */
export function attentionColor(v: number, scores: boolean, half: number): Rgb {
  if (!Number.isFinite(v)) return [190, 190, 190];
  return scores ? zeroCentred(v, half) : mix(NEUTRAL, BLUE, Math.max(0, Math.min(1, v)));
}

/** The class token's weights over the patches of head h (the mean over heads when h is null), rows × cols. */
export function classTokenMap(m: AttentionMaps, h: number | null): number[] | null {
  if (!m.patches?.classToken || m.scores) return null;
  const count = m.patches.rows * m.patches.cols;
  if (m.keys !== count + 1) return null;
  const heads = h === null ? Array.from({ length: m.heads }, (_, i) => i) : [h];
  return Array.from({ length: count }, (_, i) => {
    let sum = 0;
    for (const head of heads) sum += cell(m, head, 0, i + 1);
    return sum / heads.length;
  });
}

/** Per query, the key it attends to most (for reading a pattern such as the anti-diagonal off the screen). */
export function strongestKeys(m: AttentionMaps, h: number): number[] {
  return Array.from({ length: m.queries }, (_, q) => {
    let best = 0;
    for (let k = 1; k < m.keys; k++) if (cell(m, h, q, k) > cell(m, h, q, best)) best = k;
    return best;
  });
}
