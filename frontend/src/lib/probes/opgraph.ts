// The computation graph of the `graph` probe, grouped by the user's nodes: a group is one box until it is
// expanded into its operations; edges follow the operations' inputs between whatever boxes are shown. Laid out
// left to right with dagre.
import dagre from "@dagrejs/dagre";
import type { FrameHeader } from "../../api/frames";

export type Summary = {
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  values?: number[];
};

export type Op = {
  id: number;
  name: string;
  backward: string;
  node: string;
  inputs: number[];
  shape: number[] | null;
  forward: Summary | null;
  grad: Summary | null;
};

export type Group = { node: string; layer: string; ops: Op[]; output: Op };

export type OpGraph = { ops: Op[]; groups: Group[]; loss: number | null; selected: number | null };

export type Box = {
  id: string;
  kind: "group" | "op";
  group: Group;
  op: Op;
  x: number;
  y: number;
  width: number;
  height: number;
};

export type Laid = {
  boxes: Box[];
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
};

export const GROUP_SIZE = { width: 190, height: 78 };
export const OP_SIZE = { width: 170, height: 62 };

export function readGraph(header: FrameHeader): OpGraph {
  const ops = (Array.isArray(header.ops) ? header.ops : []) as Op[];
  const layers = new Map<string, string>();
  for (const g of (Array.isArray(header.groups) ? header.groups : []) as { node: string; layer: string }[])
    layers.set(g.node, g.layer);
  const byNode = new Map<string, Op[]>();
  for (const op of ops) byNode.set(op.node, [...(byNode.get(op.node) ?? []), op]);
  const groups = [...layers.keys()]
    .filter((node) => byNode.has(node))
    .map((node) => {
      const members = byNode.get(node)!;
      // The group's output is the operation no other operation of the group consumes, the latest one.
      const consumed = new Set(members.flatMap((op) => op.inputs));
      const outputs = members.filter((op) => !consumed.has(op.id));
      return { node, layer: layers.get(node) ?? "", ops: members, output: outputs[outputs.length - 1] ?? members[0] };
    });
  return {
    ops,
    groups,
    loss: typeof header.loss === "number" ? header.loss : null,
    selected: typeof header.selected === "number" ? header.selected : null,
  };
}

/** The box an operation is drawn in: its own when its group is expanded, else its group's. */
const boxOf = (op: Op, expanded: ReadonlySet<string>) => (expanded.has(op.node) ? `op:${op.id}` : `group:${op.node}`);

export function layoutOpGraph(graph: OpGraph, expanded: ReadonlySet<string>): Laid {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 46, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const boxes = new Map<string, Omit<Box, "x" | "y">>();
  for (const group of graph.groups) {
    if (expanded.has(group.node)) {
      for (const op of group.ops) boxes.set(`op:${op.id}`, { id: `op:${op.id}`, kind: "op", group, op, ...OP_SIZE });
    } else {
      boxes.set(`group:${group.node}`, {
        id: `group:${group.node}`,
        kind: "group",
        group,
        op: group.output,
        ...GROUP_SIZE,
      });
    }
  }
  for (const box of boxes.values()) g.setNode(box.id, { width: box.width, height: box.height });
  const byId = new Map(graph.ops.map((op) => [op.id, op]));
  const seen = new Set<string>();
  for (const op of graph.ops) {
    const to = boxOf(op, expanded);
    for (const input of op.inputs) {
      const source = byId.get(input);
      if (!source) continue;
      const from = boxOf(source, expanded);
      const key = `${from}>${to}`;
      if (from === to || seen.has(key) || !boxes.has(from) || !boxes.has(to)) continue;
      seen.add(key);
      g.setEdge(from, to);
    }
  }
  dagre.layout(g);
  const laid = [...boxes.values()].map((box) => {
    const placed = g.node(box.id);
    return { ...box, x: placed.x - box.width / 2, y: placed.y - box.height / 2 };
  });
  const edges = g.edges().map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points ?? [] }));
  const size = g.graph();
  return { boxes: laid, edges, width: size.width ?? 0, height: size.height ?? 0 };
}

/** mean ± std, and the range, in three significant digits; exact values when the tensor is small. */
export function describe(s: Summary | null, format: (v: number) => string): string {
  if (!s || s.mean === null) return "–";
  if (s.values && s.values.length <= 4) return s.values.map(format).join(", ");
  return `${format(s.mean)} ± ${format(s.std ?? 0)}`;
}
