// Automatic left-to-right layout of the graph with dagre.
import dagre from "@dagrejs/dagre";
import type { EditorEdge, EditorNode } from "./graphSpec";

export const DEFAULT_NODE_SIZE = { width: 124, height: 64 };
const SPACING = { nodesep: 36, ranksep: 70 };

/** Nodes moved so that edges flow left to right; each node's measured size is used when known. */
export function layoutGraph(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): EditorNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", ...SPACING, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map<string, { width: number; height: number }>();
  for (const n of nodes) {
    const size = {
      width: n.measured?.width ?? n.width ?? DEFAULT_NODE_SIZE.width,
      height: n.measured?.height ?? n.height ?? DEFAULT_NODE_SIZE.height,
    };
    sizes.set(n.id, size);
    g.setNode(n.id, { ...size });
  }
  const ids = new Set(nodes.map((n) => n.id));
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const placed = g.node(n.id);
    const size = sizes.get(n.id)!;
    // dagre gives centres; React Flow positions are top-left corners.
    return { ...n, position: { x: Math.round(placed.x - size.width / 2), y: Math.round(placed.y - size.height / 2) } };
  });
}
