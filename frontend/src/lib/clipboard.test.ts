import { describe, expect, it } from "vitest";
import { copySelection, pasteClip } from "./clipboard";
import { type EditorNode, edgeBetween } from "./graphSpec";

const node = (id: string, layerType: string, selected: boolean, params: Record<string, unknown> = {}): EditorNode => ({
  id,
  type: "layer",
  position: { x: 10, y: 20 },
  data: { layerType, params },
  selected,
});

describe("clipboard", () => {
  const nodes = [
    node("in", "Input", false),
    node("conv1", "Conv2d", true, { out_channels: 8 }),
    node("relu1", "ReLU", true),
    node("add1", "Add", true),
  ];
  const edges = [
    edgeBetween("in", "conv1", null),
    edgeBetween("conv1", "relu1", null),
    edgeBetween("relu1", "add1", "a"),
    edgeBetween("in", "add1", "b"),
  ];

  it("copies the selection and only the edges among it", () => {
    const clip = copySelection(nodes, edges)!;
    expect(clip.nodes.map((n) => n.id)).toEqual(["conv1", "relu1", "add1"]);
    expect(clip.edges).toEqual([
      { source: "conv1", target: "relu1", targetHandle: null },
      { source: "relu1", target: "add1", targetHandle: "a" },
    ]);
    expect(
      copySelection(
        nodes.map((n) => ({ ...n, selected: false })),
        edges,
      ),
    ).toBeNull();
  });

  it("pastes with fresh unique ids, remapped edges, ports kept and an offset", () => {
    const clip = copySelection(nodes, edges)!;
    const { nodes: pasted, edges: pastedEdges } = pasteClip(
      clip,
      nodes.map((n) => n.id),
      { x: 40, y: 40 },
    );
    expect(pasted.map((n) => n.id)).toEqual(["conv2d1", "relu2", "add2"]);
    expect(pasted.every((n) => n.selected && n.position.x === 50 && n.position.y === 60)).toBe(true);
    expect(pastedEdges.map((e) => [e.source, e.target, e.targetHandle])).toEqual([
      ["conv2d1", "relu2", null],
      ["relu2", "add2", "a"],
    ]);
    // Params are copies: editing the pasted node leaves the original alone.
    (pasted[0]!.data.params as { out_channels: number }).out_channels = 99;
    expect(nodes[1]!.data.params.out_channels).toBe(8);
  });

  it("pasting twice gives distinct ids", () => {
    const clip = copySelection(nodes, edges)!;
    const first = pasteClip(
      clip,
      nodes.map((n) => n.id),
    );
    const second = pasteClip(
      clip,
      [...nodes, ...first.nodes].map((n) => n.id),
    );
    const all = [...nodes, ...first.nodes, ...second.nodes].map((n) => n.id);
    expect(new Set(all).size).toBe(all.length);
  });
});
