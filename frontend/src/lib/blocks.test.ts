import { describe, expect, it } from "vitest";
import {
  BLOCK_COLLAPSED_TYPE,
  BLOCK_FRAME_TYPE,
  type Block,
  FRAME_HEADER,
  FRAME_PAD,
  blockBoundary,
  flowElements,
  groupNodes,
  groupableSelection,
  insertSavedBlock,
  parseBlocks,
  pruneBlocks,
  routeNodeChanges,
  saveBlock,
  setCollapsed,
  ungroup,
} from "./blocks";
import { type EditorNode, edgeBetween, toSpec } from "./graphSpec";

const node = (id: string, layerType: string, x: number, selected = false, params = {}): EditorNode => ({
  id,
  type: "layer",
  position: { x, y: 0 },
  data: { layerType, params },
  measured: { width: 100, height: 50 },
  selected,
});

const nodes = [
  node("in", "Input", 0),
  node("fc1", "Linear", 150, true, { out_features: 8 }),
  node("act1", "Tanh", 300, true),
  node("out", "Linear", 450, false, { out_features: 1 }),
];
const edges = [edgeBetween("in", "fc1", null), edgeBetween("fc1", "act1", null), edgeBetween("act1", "out", null)];

function grouped(): Block {
  return groupNodes([], nodes, ["fc1", "act1"], "  Hidden  ").block;
}

describe("blocks", () => {
  it("groups two or more selected layers that are in no block", () => {
    expect(groupableSelection(nodes, [])).toEqual(["fc1", "act1"]);
    expect(groupableSelection(nodes.slice(0, 2), [])).toBeNull();
    const { blocks, block } = groupNodes([], nodes, ["fc1", "act1"], "  Hidden  ");
    expect(block).toMatchObject({ name: "Hidden", members: ["fc1", "act1"], collapsed: false });
    expect(nodes.map((n) => n.id)).not.toContain(block.id);
    expect(blocks).toEqual([block]);
    expect(groupableSelection(nodes, blocks)).toBeNull();
    expect(ungroup(blocks, block.id)).toEqual([]);
  });

  it("draws the members as children of a frame around them", () => {
    const block = grouped();
    const flow = flowElements(nodes, edges, [block]);
    const frame = flow.nodes[0]!;
    expect(frame).toMatchObject({
      id: block.id,
      type: BLOCK_FRAME_TYPE,
      position: { x: 150 - FRAME_PAD, y: -FRAME_PAD - FRAME_HEADER },
      width: 250 + 2 * FRAME_PAD,
    });
    const fc1 = flow.nodes.find((n) => n.id === "fc1")!;
    expect(fc1).toMatchObject({
      parentId: block.id,
      extent: "parent",
      position: { x: FRAME_PAD, y: FRAME_PAD + FRAME_HEADER },
    });
    expect(flow.nodes.find((n) => n.id === "in")).toBe(nodes[0]);
    expect(flow.edges).toEqual(edges);
  });

  it("collapses to one node with the crossing edges re-routed, and the spec unchanged", () => {
    const before = toSpec(nodes, edges);
    const blocks = setCollapsed([grouped()], "block-1", true);
    const flow = flowElements(nodes, edges, blocks);
    const visible = flow.nodes.filter((n) => !n.hidden);
    expect(visible.map((n) => n.id)).toEqual(["block-1", "in", "out"]);
    expect(visible[0]!.type).toBe(BLOCK_COLLAPSED_TYPE);
    const [into, inside, outOf] = flow.edges;
    expect(into).toMatchObject({ id: edges[0]!.id, source: "in", target: "block-1" });
    expect(inside!.hidden).toBe(true);
    expect(outOf).toMatchObject({ source: "block-1", target: "out", data: { shapeSource: "act1" } });
    expect(blockBoundary(blocks[0]!, edges)).toEqual({ inputs: ["in"], outputs: ["act1"] });
    // The graph the server sees is exactly the member layers and their edges, as before.
    expect(toSpec(nodes, edges)).toEqual(before);
    expect(toSpec(nodes, edges).nodes.map((n) => n.id)).toEqual(["in", "fc1", "act1", "out"]);
  });

  it("moves the members with their frame and makes member positions absolute again", () => {
    const block = grouped();
    const frameX = 150 - FRAME_PAD;
    const frameY = -FRAME_PAD - FRAME_HEADER;
    const moved = routeNodeChanges(
      [{ type: "position", id: block.id, position: { x: frameX + 10, y: frameY + 5 }, dragging: true }],
      nodes,
      [block],
    );
    expect(moved.changes).toEqual([
      { type: "position", id: "fc1", position: { x: 160, y: 5 }, dragging: true },
      { type: "position", id: "act1", position: { x: 310, y: 5 }, dragging: true },
    ]);
    const child = routeNodeChanges([{ type: "position", id: "fc1", position: { x: FRAME_PAD + 4, y: 50 } }], nodes, [
      block,
    ]);
    expect(child.changes).toEqual([{ type: "position", id: "fc1", position: { x: 154, y: 50 + frameY } }]);
    const selected = routeNodeChanges([{ type: "select", id: block.id, selected: false }], nodes, [block]);
    expect(selected).toEqual({ changes: [], blocks: [{ ...block, selected: false }] });
  });

  it("saves a block and inserts copies with fresh ids as a new block", () => {
    const block = grouped();
    const saved = saveBlock(block, nodes, edges);
    expect(saved.name).toBe("Hidden");
    expect(saved.clip.nodes.map((n) => [n.id, n.position])).toEqual([
      ["fc1", { x: 0, y: 0 }],
      ["act1", { x: 150, y: 0 }],
    ]);
    expect(saved.clip.edges).toEqual([{ source: "fc1", target: "act1", targetHandle: null }]);
    const inserted = insertSavedBlock(saved, nodes, [block], { x: 600, y: 200 });
    expect(inserted.nodes.map((n) => n.id)).toEqual(["linear1", "tanh1"]);
    expect(inserted.nodes[0]).toMatchObject({ position: { x: 600, y: 200 }, data: { params: { out_features: 8 } } });
    expect(inserted.edges).toEqual([edgeBetween("linear1", "tanh1", null)]);
    expect(inserted.block).toMatchObject({ name: "Hidden", members: ["linear1", "tanh1"], collapsed: false });
    expect(inserted.block.id).not.toBe(block.id);
    // The saved copy is not tied to the inserted one.
    inserted.nodes[0]!.data.params.out_features = 3;
    expect(saved.clip.nodes[0]!.data.params).toEqual({ out_features: 8 });
  });

  it("drops members that are gone, and reads blocks back from a file", () => {
    const block = grouped();
    expect(pruneBlocks([block], nodes)).toEqual([block]);
    expect(
      pruneBlocks(
        [block],
        nodes.filter((n) => n.id !== "act1"),
      ),
    ).toEqual([{ ...block, members: ["fc1"] }]);
    expect(pruneBlocks([block], nodes.slice(0, 1))).toEqual([]);
    const ids = nodes.map((n) => n.id);
    expect(
      parseBlocks(
        [
          { id: "b1", name: "Hidden", members: ["fc1", "act1", "ghost"], collapsed: true },
          { id: "fc1", name: "x", members: ["in"] },
          7,
        ],
        ids,
      ),
    ).toEqual([{ id: "b1", name: "Hidden", members: ["fc1", "act1"], collapsed: true }]);
    expect(parseBlocks("nope", ids)).toEqual([]);
  });
});
