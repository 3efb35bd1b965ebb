// Conversion between the editor's React Flow graph and the server's model graph spec.
import type { Edge, Node } from "@xyflow/react";
import type { DatasetRef, GraphSpec, SpecEdge, SpecNode, TrainingSettings } from "../api/types";

export type LayerNodeData = {
  layerType: string;
  params: Record<string, unknown>;
};

export type EditorNode = Node<LayerNodeData, "layer">;
export type EditorEdge = Edge;

/** Params without the fields left empty (undefined), which the server fills with their defaults. */
export function cleanParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Whether a canvas node is a layer of the model. Editor-only nodes (a block's frame or collapsed node, see
 * lib/blocks) are not, and never reach the spec.
 */
export function isLayerNode(node: Pick<Node, "type" | "data">): boolean {
  return (node.type === undefined || node.type === "layer") && typeof node.data?.layerType === "string";
}

/** Nodes with no outgoing edge: the candidates for the prediction. */
export function sinks(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): string[] {
  const withOutput = new Set(edges.map((e) => e.source));
  return nodes.filter((n) => isLayerNode(n) && !withOutput.has(n.id)).map((n) => n.id);
}

export function toSpec(allNodes: readonly EditorNode[], edges: readonly EditorEdge[], withPositions = true): GraphSpec {
  const nodes = allNodes.filter(isLayerNode);
  const ids = new Set(nodes.map((n) => n.id));
  const specNodes: SpecNode[] = nodes.map((n) => {
    const node: SpecNode = { id: n.id, type: n.data.layerType };
    const params = cleanParams(n.data.params);
    if (Object.keys(params).length > 0) node.params = params;
    if (withPositions) node.position = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
    return node;
  });
  const specEdges: SpecEdge[] = edges
    // An edge whose end was deleted is not part of the graph the user sees.
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => {
      const edge: SpecEdge = { source: e.source, target: e.target };
      if (e.targetHandle) edge.target_port = e.targetHandle;
      return edge;
    });
  const spec: GraphSpec = { nodes: specNodes, edges: specEdges };
  const candidates = sinks(nodes, edges);
  // With several sinks the server is the one to say which is missing an edge.
  if (candidates.length === 1) spec.output = candidates[0];
  return spec;
}

export function fromSpec(spec: GraphSpec): { nodes: EditorNode[]; edges: EditorEdge[] } {
  const nodes: EditorNode[] = spec.nodes.map((n, i) => ({
    id: n.id,
    type: "layer",
    position: n.position ?? { x: i * 160, y: 0 },
    data: { layerType: n.type, params: { ...(n.params ?? {}) } },
  }));
  const edges: EditorEdge[] = (spec.edges ?? []).map((e) => edgeBetween(e.source, e.target, e.target_port ?? null));
  return { nodes, edges };
}

export function edgeBetween(source: string, target: string, targetHandle: string | null): EditorEdge {
  return {
    id: `e-${source}-${target}${targetHandle ? `-${targetHandle}` : ""}`,
    source,
    target,
    targetHandle,
  };
}

/** A node id from the layer type, unique in the graph and valid for the server (`[A-Za-z_][\w-]*`). */
export function uniqueNodeId(layerType: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let base = layerType.toLowerCase().replace(/[^a-z0-9_-]/g, "");
  if (!/^[a-z_]/.test(base)) base = `n${base}`;
  for (let i = 1; ; i++) {
    const id = `${base}${i}`;
    if (!used.has(id)) return id;
  }
}

/** Identity of what a run trains: a change to any of it means the next Play needs a new experiment. */
export function runFingerprint(graph: GraphSpec, dataset: DatasetRef, training: TrainingSettings): string {
  const stripped: GraphSpec = { ...graph, nodes: graph.nodes.map(({ position: _p, ...rest }) => rest) };
  return stableStringify({ graph: stripped, dataset, training });
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
