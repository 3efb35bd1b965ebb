import { describe, expect, it } from "vitest";
import { type EditorNode, edgeBetween } from "./graphSpec";
import { layoutGraph } from "./layout";

const node = (id: string): EditorNode => ({
  id,
  type: "layer",
  position: { x: 0, y: 0 },
  data: { layerType: "X", params: {} },
});

describe("layoutGraph", () => {
  it("places a chain left to right and a branch beside it", () => {
    const nodes = ["in", "a", "b", "add"].map(node);
    const edges = [
      edgeBetween("in", "a", null),
      edgeBetween("a", "add", "a"),
      edgeBetween("in", "b", null),
      edgeBetween("b", "add", "b"),
    ];
    const out = layoutGraph(nodes, edges);
    const pos = Object.fromEntries(out.map((n) => [n.id, n.position]));
    expect(pos.in!.x).toBeLessThan(pos.a!.x);
    expect(pos.a!.x).toBeLessThan(pos.add!.x);
    expect(pos.a!.x).toBe(pos.b!.x);
    expect(pos.a!.y).not.toBe(pos.b!.y);
    expect(out.map((n) => n.id)).toEqual(["in", "a", "b", "add"]);
  });

  it("ignores edges to missing nodes", () => {
    const out = layoutGraph([node("x")], [edgeBetween("x", "gone", null)]);
    expect(out).toHaveLength(1);
  });
});
