// Places the expression graph with dagre: inputs on the left, the output on the right, and room on every edge
// for its gradient label.
import dagre from "@dagrejs/dagre";
import type { BackpropResult } from "../../api/types";
import { edgesOf } from "./stepping";

export const NODE_SIZE = { width: 168, height: 100 };
export const EDGE_LABEL_SIZE = { width: 112, height: 54 };

export type Point = { x: number; y: number };
export type PlacedNode = { id: string; x: number; y: number };
export type PlacedEdge = { id: string; points: Point[]; label: Point };
export type GraphLayout = {
  nodes: Map<string, PlacedNode>;
  edges: Map<string, PlacedEdge>;
  width: number;
  height: number;
};

const MARGIN = 16;

/** Node centres, edge polylines and label centres; a node used twice by one operation gets two edges. */
export function layoutExpression(result: BackpropResult): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  // With edge labels dagre gives each label a rank of its own, half a ranksep from its nodes.
  g.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 28, edgesep: 16, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of result.nodes) g.setNode(node.id, { ...NODE_SIZE });
  const edges = edgesOf(result);
  for (const e of edges) g.setEdge(e.source, e.target, { ...EDGE_LABEL_SIZE, labelpos: "c" }, e.id);
  dagre.layout(g);
  const nodes = new Map<string, PlacedNode>();
  for (const node of result.nodes) {
    const placed = g.node(node.id);
    nodes.set(node.id, { id: node.id, x: placed.x, y: placed.y });
  }
  const placedEdges = new Map<string, PlacedEdge>();
  for (const e of edges) {
    const placed = g.edge({ v: e.source, w: e.target, name: e.id });
    placedEdges.set(e.id, {
      id: e.id,
      points: placed.points ?? [],
      label: { x: placed.x ?? 0, y: placed.y ?? 0 },
    });
  }
  const size = g.graph();
  return { nodes, edges: placedEdges, width: size.width ?? 0, height: size.height ?? 0 };
}
