// Blocks: a named group of layers (e.g. "ResBlock") drawn as a frame, collapsible to one compact node and
// saved to a library for re-use. Blocks are an editor concept only: the layers keep their absolute positions
// and their edges in the editor graph, so the spec sent to the server stays flat and identical. What React
// Flow draws (frames, children positioned inside them, the collapsed node and its re-routed edges) is derived
// here from the graph and the blocks.
import type { Edge, Node, NodeChange, XYPosition } from "@xyflow/react";
import { type Clip, pasteClip } from "./clipboard";
import type { EditorEdge, EditorNode } from "./graphSpec";
import { DEFAULT_NODE_SIZE } from "./layout";

export type Block = {
  id: string;
  name: string;
  /** Ids of the member layers. */
  members: string[];
  collapsed: boolean;
  /** Whether its frame (or collapsed node) is selected on the canvas; never recorded or saved. */
  selected?: boolean;
  /** The collapsed node's size as React Flow measured it; never recorded or saved. */
  measured?: { width: number; height: number };
};

/** A block in the library: its layers (positions relative to the block's top-left) and internal edges. */
export type SavedBlock = { id: string; name: string; clip: Clip };

/** React Flow node types of a block's frame and of a collapsed block; neither is a layer. */
export const BLOCK_FRAME_TYPE = "blockFrame";
export const BLOCK_COLLAPSED_TYPE = "blockCollapsed";
export const BLOCK_NODE_TYPES: ReadonlySet<string> = new Set([BLOCK_FRAME_TYPE, BLOCK_COLLAPSED_TYPE]);

export const MAX_BLOCK_NAME = 60;
/** Space around the members inside a frame, and the frame's title bar. */
export const FRAME_PAD = 14;
export const FRAME_HEADER = 30;

export type BlockNodeData = { blockId: string; name: string; members: string[] };
export type BlockFlowNode = Node<BlockNodeData, typeof BLOCK_FRAME_TYPE | typeof BLOCK_COLLAPSED_TYPE>;
export type FlowNode = EditorNode | BlockFlowNode;
type Rect = { x: number; y: number; width: number; height: number };

export function cleanBlockName(name: string): string {
  return name.trim().replace(/\s+/g, " ").slice(0, MAX_BLOCK_NAME);
}

/** A block id unique among node and block ids (they share React Flow's id space). */
export function uniqueBlockId(taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) {
    const id = `block-${i}`;
    if (!used.has(id)) return id;
  }
}

export function blockOf(blocks: readonly Block[], nodeId: string): Block | undefined {
  return blocks.find((b) => b.members.includes(nodeId));
}

/** The selected layers that can be grouped: in no block yet; null when fewer than two. */
export function groupableSelection(nodes: readonly EditorNode[], blocks: readonly Block[]): string[] | null {
  const ids = nodes.filter((n) => n.selected && !blockOf(blocks, n.id)).map((n) => n.id);
  return ids.length >= 2 ? ids : null;
}

/** The blocks with a new one holding `members` (taken out of any other block), expanded and selected. */
export function groupNodes(
  blocks: readonly Block[],
  nodes: readonly EditorNode[],
  members: readonly string[],
  name: string,
): { blocks: Block[]; block: Block } {
  const existing = new Set(nodes.map((n) => n.id));
  const chosen = members.filter((m) => existing.has(m));
  const block: Block = {
    id: uniqueBlockId([...existing, ...blocks.map((b) => b.id)]),
    name: cleanBlockName(name) || "Block",
    members: chosen,
    collapsed: false,
    selected: true,
  };
  const others = blocks
    .map((b) => ({ ...b, selected: false, members: b.members.filter((m) => !chosen.includes(m)) }))
    .filter((b) => b.members.length > 0);
  return { blocks: [...others, block], block };
}

export function ungroup(blocks: readonly Block[], blockId: string): Block[] {
  return blocks.filter((b) => b.id !== blockId);
}

export function setCollapsed(blocks: readonly Block[], blockId: string, collapsed: boolean): Block[] {
  // The collapsed node's size is measured anew once it is drawn.
  return blocks.map(({ measured: _m, ...b }) => (b.id === blockId ? { ...b, collapsed } : { ...b, measured: _m }));
}

/** Blocks with members that no longer exist dropped, and blocks left empty removed. */
export function pruneBlocks(blocks: readonly Block[], nodes: readonly EditorNode[]): Block[] {
  const ids = new Set(nodes.map((n) => n.id));
  let changed = false;
  const out: Block[] = [];
  for (const b of blocks) {
    const members = b.members.filter((m) => ids.has(m));
    if (members.length !== b.members.length) changed = true;
    if (members.length > 0) out.push(members.length === b.members.length ? b : { ...b, members });
  }
  return changed ? out : (blocks as Block[]);
}

function sizeOf(n: EditorNode): { width: number; height: number } {
  return {
    width: n.measured?.width ?? n.width ?? DEFAULT_NODE_SIZE.width,
    height: n.measured?.height ?? n.height ?? DEFAULT_NODE_SIZE.height,
  };
}

function boundingBox(members: readonly EditorNode[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of members) {
    const { width, height } = sizeOf(n);
    x0 = Math.min(x0, n.position.x);
    y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + width);
    y1 = Math.max(y1, n.position.y + height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The frame around a block's members (absolute positions): their bounding box, padded, with a title bar. */
export function blockFrame(block: Block, byId: ReadonlyMap<string, EditorNode>): Rect | null {
  const members = block.members.flatMap((m) => byId.get(m) ?? []);
  if (members.length === 0) return null;
  const box = boundingBox(members);
  return {
    x: box.x - FRAME_PAD,
    y: box.y - FRAME_PAD - FRAME_HEADER,
    width: box.width + 2 * FRAME_PAD,
    height: box.height + 2 * FRAME_PAD + FRAME_HEADER,
  };
}

/** Where a block is drawn: its frame's top-left, or, collapsed, where its first layer sits. */
export function blockAnchor(block: Block, frame: Rect): XYPosition {
  return block.collapsed
    ? { x: frame.x + FRAME_PAD, y: frame.y + FRAME_PAD + FRAME_HEADER }
    : { x: frame.x, y: frame.y };
}

/** Where a block's boundary is crossed: the outside layers feeding it and the members feeding the outside. */
export function blockBoundary(block: Block, edges: readonly EditorEdge[]): { inputs: string[]; outputs: string[] } {
  const inside = new Set(block.members);
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const e of edges) {
    if (!inside.has(e.source) && inside.has(e.target)) inputs.add(e.source);
    if (inside.has(e.source) && !inside.has(e.target)) outputs.add(e.source);
  }
  if (outputs.size === 0) {
    // A block at the end of the network: its members with no outgoing edge are what it produces.
    const feeding = new Set(edges.map((e) => e.source));
    for (const m of block.members) if (!feeding.has(m)) outputs.add(m);
  }
  return { inputs: [...inputs], outputs: [...outputs] };
}

/**
 * What React Flow draws: each block's frame (before its members, which become its children with positions
 * relative to it) or, collapsed, one compact node in place of its hidden members; edges that cross a collapsed
 * block's boundary are drawn to that node, edges inside it are hidden. Ids never change, so selection, deletion
 * and validation keep referring to the same layers and edges.
 */
export function flowElements(
  nodes: readonly EditorNode[],
  edges: readonly EditorEdge[],
  blocks: readonly Block[],
): { nodes: FlowNode[]; edges: Edge[] } {
  if (blocks.length === 0) return { nodes: nodes as EditorNode[], edges: edges as Edge[] };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const frames: BlockFlowNode[] = [];
  const parent = new Map<string, { blockId: string; origin: XYPosition; collapsed: boolean }>();
  for (const b of pruneBlocks(blocks, nodes)) {
    const frame = blockFrame(b, byId);
    if (!frame) continue;
    const data: BlockNodeData = { blockId: b.id, name: b.name, members: b.members };
    const common = { id: b.id, data, selected: b.selected ?? false, position: blockAnchor(b, frame) };
    frames.push(
      b.collapsed
        ? { ...common, type: BLOCK_COLLAPSED_TYPE, ...(b.measured ? { measured: b.measured } : {}) }
        : {
            ...common,
            type: BLOCK_FRAME_TYPE,
            width: frame.width,
            height: frame.height,
            // Drawn anew whenever a member moves: without its size React Flow would wait for a measurement
            // that never comes (the element keeps its size).
            measured: { width: frame.width, height: frame.height },
            style: { width: frame.width, height: frame.height },
          },
    );
    for (const m of b.members) parent.set(m, { blockId: b.id, origin: frame, collapsed: b.collapsed });
  }
  const flowNodes: FlowNode[] = [
    ...frames,
    ...nodes.map((n): EditorNode => {
      const p = parent.get(n.id);
      if (!p) return n;
      if (p.collapsed) return { ...n, hidden: true, selected: false };
      return {
        ...n,
        parentId: p.blockId,
        extent: "parent",
        position: { x: n.position.x - p.origin.x, y: n.position.y - p.origin.y },
      };
    }),
  ];
  const collapsedOf = (id: string) => {
    const p = parent.get(id);
    return p?.collapsed ? p.blockId : null;
  };
  const flowEdges = edges.map((e): Edge => {
    const from = collapsedOf(e.source);
    const to = collapsedOf(e.target);
    if (!from && !to) return e;
    if (from && from === to) return { ...e, hidden: true, selected: false };
    return {
      ...e,
      source: from ?? e.source,
      target: to ?? e.target,
      sourceHandle: from ? null : e.sourceHandle,
      targetHandle: to ? null : e.targetHandle,
      // The label still shows what the layer behind the collapsed block produces.
      data: { ...e.data, shapeSource: e.source },
    };
  });
  return { nodes: flowNodes, edges: flowEdges };
}

/**
 * Canvas changes, translated back to the editor graph: moving a block's frame (or collapsed node) moves its
 * members, a member's position relative to its frame becomes absolute again, and block selection is returned
 * apart (it is not a graph edit).
 */
export function routeNodeChanges(
  changes: readonly NodeChange<FlowNode>[],
  nodes: readonly EditorNode[],
  blocks: readonly Block[],
): { changes: NodeChange<EditorNode>[]; blocks: Block[] | null } {
  if (blocks.length === 0) return { changes: changes as NodeChange<EditorNode>[], blocks: null };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const blockById = new Map(blocks.map((b) => [b.id, b]));
  const out: NodeChange<EditorNode>[] = [];
  let nextBlocks: Block[] | null = null;
  for (const c of changes) {
    const block = "id" in c ? blockById.get(c.id) : undefined;
    if (block) {
      if (c.type === "select") {
        nextBlocks = (nextBlocks ?? blocks).map((b) => (b.id === block.id ? { ...b, selected: c.selected } : b));
      } else if (c.type === "dimensions" && c.dimensions && block.collapsed) {
        const measured = { width: c.dimensions.width, height: c.dimensions.height };
        nextBlocks = (nextBlocks ?? blocks).map((b) => (b.id === block.id ? { ...b, measured } : b));
      } else if (c.type === "position") {
        const frame = blockFrame(block, byId);
        const anchor = frame ? blockAnchor(block, frame) : null;
        const delta = c.position && anchor ? { x: c.position.x - anchor.x, y: c.position.y - anchor.y } : null;
        for (const m of block.members) {
          const n = byId.get(m);
          if (!n) continue;
          out.push({
            type: "position",
            id: m,
            dragging: c.dragging,
            ...(delta ? { position: { x: n.position.x + delta.x, y: n.position.y + delta.y } } : {}),
          });
        }
      }
      // A frame's size follows its members: its dimension changes are not the graph's.
      continue;
    }
    if (c.type === "position" && c.position) {
      const owner = blockOf(blocks, c.id);
      const frame = owner && !owner.collapsed ? blockFrame(owner, byId) : null;
      if (frame) {
        out.push({ ...c, position: { x: c.position.x + frame.x, y: c.position.y + frame.y } });
        continue;
      }
    }
    out.push(c as NodeChange<EditorNode>);
  }
  return { changes: out, blocks: nextBlocks };
}

/** A block for the library: its layers with positions relative to its top-left, and the edges among them. */
export function saveBlock(block: Block, nodes: readonly EditorNode[], edges: readonly EditorEdge[]): SavedBlock {
  const inside = new Set(block.members);
  const members = nodes.filter((n) => inside.has(n.id));
  const box = boundingBox(members);
  return {
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    name: block.name,
    clip: {
      nodes: members.map((n) => ({
        id: n.id,
        position: { x: Math.round(n.position.x - box.x), y: Math.round(n.position.y - box.y) },
        data: { ...n.data, params: structuredClone(n.data.params) },
      })),
      edges: edges
        .filter((e) => inside.has(e.source) && inside.has(e.target))
        .map((e) => ({ source: e.source, target: e.target, targetHandle: e.targetHandle ?? null })),
    },
  };
}

/** A copy of a saved block at `at` (its top-left): layers with fresh ids (selected), its edges, a new block. */
export function insertSavedBlock(
  saved: SavedBlock,
  nodes: readonly EditorNode[],
  blocks: readonly Block[],
  at: XYPosition,
): { nodes: EditorNode[]; edges: EditorEdge[]; block: Block } {
  const taken = [...nodes.map((n) => n.id), ...blocks.map((b) => b.id)];
  const pasted = pasteClip(saved.clip, taken, at);
  const block: Block = {
    id: uniqueBlockId([...taken, ...pasted.nodes.map((n) => n.id)]),
    name: saved.name,
    members: pasted.nodes.map((n) => n.id),
    collapsed: false,
  };
  return { nodes: pasted.nodes, edges: pasted.edges, block };
}

/** Blocks as they are persisted and exported: no selection. */
export function storedBlocks(blocks: readonly Block[]): Block[] {
  return blocks.map(({ id, name, members, collapsed }) => ({ id, name, members: [...members], collapsed }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Blocks read from a file or storage: malformed entries and unknown members dropped, ids kept unique. */
export function parseBlocks(value: unknown, nodeIds: Iterable<string>): Block[] {
  if (!Array.isArray(value)) return [];
  const ids = new Set(nodeIds);
  const used = new Set<string>();
  const out: Block[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== "string" || typeof item.name !== "string") continue;
    if (!Array.isArray(item.members) || ids.has(item.id) || used.has(item.id)) continue;
    const members = item.members.filter(
      (m): m is string => typeof m === "string" && ids.has(m) && !out.some((b) => b.members.includes(m)),
    );
    if (members.length === 0) continue;
    used.add(item.id);
    out.push({ id: item.id, name: cleanBlockName(item.name) || "Block", members, collapsed: item.collapsed === true });
  }
  return out;
}

/** Saved blocks read from storage: malformed entries dropped. */
export function parseLibrary(value: unknown): SavedBlock[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (b): b is SavedBlock =>
      isRecord(b) &&
      typeof b.id === "string" &&
      typeof b.name === "string" &&
      isRecord(b.clip) &&
      Array.isArray(b.clip.nodes) &&
      Array.isArray(b.clip.edges),
  );
}
