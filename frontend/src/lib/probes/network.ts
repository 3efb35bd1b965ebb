// A small MLP drawn as TensorFlow Playground draws it: a column of units per layer, and an edge for every
// weight, coloured by its sign and as thick as its size relative to the largest weight.

/** One dense layer's weights, [out, in] row-major as PyTorch stores them. */
export type DenseWeights = { node: string; outputs: number; inputs: number; values: ArrayLike<number> };

export type Unit = { layer: number; index: number; x: number; y: number };
export type Edge = { from: Unit; to: Unit; weight: number; width: number; positive: boolean };

/** Units and edges in a box of width × height; layer 0 is the input. Widths run from 0.5 to maxWidth px. */
export function networkDiagram(
  layers: readonly DenseWeights[],
  width: number,
  height: number,
  maxWidth = 5,
): { units: Unit[][]; edges: Edge[] } {
  if (!layers.length) return { units: [], edges: [] };
  const sizes = [layers[0].inputs, ...layers.map((l) => l.outputs)];
  const units = sizes.map((size, layer) =>
    Array.from({ length: size }, (_, index) => ({
      layer,
      index,
      x: sizes.length > 1 ? (layer / (sizes.length - 1)) * width : width / 2,
      y: ((index + 0.5) / size) * height,
    })),
  );
  let largest = 0;
  for (const l of layers) for (let i = 0; i < l.values.length; i++) largest = Math.max(largest, Math.abs(l.values[i]));
  const edges: Edge[] = [];
  layers.forEach((l, k) => {
    for (let o = 0; o < l.outputs; o++) {
      for (let i = 0; i < l.inputs; i++) {
        const weight = l.values[o * l.inputs + i];
        edges.push({
          from: units[k][i],
          to: units[k + 1][o],
          weight,
          width: 0.5 + (largest > 0 ? (Math.abs(weight) / largest) * (maxWidth - 0.5) : 0),
          positive: weight >= 0,
        });
      }
    }
  });
  return { units, edges };
}

/** Whether a chain of dense layers is small enough to draw every edge legibly. */
export function drawable(layers: readonly DenseWeights[], maxUnits = 16): boolean {
  return layers.length > 0 && layers.every((l) => l.inputs <= maxUnits && l.outputs <= maxUnits);
}

/**
 * The dense layers of a graph that is one chain from its input (each node feeding at most one other), in order;
 * null for anything branched, whose edges would not read as Playground's columns.
 */
export function denseChain(
  nodes: readonly { id: string; type: string }[],
  edges: readonly { source: string; target: string }[],
  dense = "Linear",
): string[] | null {
  const next = new Map<string, string>();
  const incoming = new Map<string, number>();
  for (const e of edges) {
    if (next.has(e.source)) return null;
    next.set(e.source, e.target);
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  }
  const starts = nodes.filter((n) => !incoming.has(n.id));
  if (starts.length !== 1 || [...incoming.values()].some((c) => c > 1)) return null;
  const typeOf = new Map(nodes.map((n) => [n.id, n.type]));
  const chain: string[] = [];
  for (let id: string | undefined = starts[0].id; id !== undefined; id = next.get(id)) {
    if (typeOf.get(id) === dense) chain.push(id);
    if (chain.length > nodes.length) return null;
  }
  return chain;
}
