// Copy/paste of a selection: the chosen nodes and the edges among them, pasted with fresh ids and an offset.
import { type EditorEdge, type EditorNode, edgeBetween, uniqueNodeId } from "./graphSpec";

export type Clip = {
  nodes: { id: string; position: { x: number; y: number }; data: EditorNode["data"] }[];
  edges: { source: string; target: string; targetHandle: string | null }[];
};

export const PASTE_OFFSET = { x: 40, y: 40 };

/** The selected nodes and the edges whose both ends are selected; null when nothing is selected. */
export function copySelection(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): Clip | null {
  const chosen = nodes.filter((n) => n.selected);
  if (chosen.length === 0) return null;
  const ids = new Set(chosen.map((n) => n.id));
  return {
    nodes: chosen.map((n) => ({
      id: n.id,
      position: { ...n.position },
      data: { ...n.data, params: structuredClone(n.data.params) },
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, target: e.target, targetHandle: e.targetHandle ?? null })),
  };
}

/** New nodes (selected) and edges for a clip, with ids unique among `taken` and positions shifted. */
export function pasteClip(
  clip: Clip,
  taken: Iterable<string>,
  offset: { x: number; y: number } = PASTE_OFFSET,
): { nodes: EditorNode[]; edges: EditorEdge[]; idMap: Map<string, string> } {
  const used = new Set(taken);
  const idMap = new Map<string, string>();
  const nodes: EditorNode[] = clip.nodes.map((n) => {
    const id = uniqueNodeId(n.data.layerType, used);
    used.add(id);
    idMap.set(n.id, id);
    return {
      id,
      type: "layer",
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      data: { ...n.data, params: structuredClone(n.data.params) },
      selected: true,
    };
  });
  const edges = clip.edges.flatMap((e) => {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    return source && target ? [edgeBetween(source, target, e.targetHandle)] : [];
  });
  return { nodes, edges, idMap };
}
