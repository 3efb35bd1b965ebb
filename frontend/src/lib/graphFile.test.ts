import { describe, expect, it } from "vitest";
import { parseGraphFile, toGraphFile } from "./graphFile";

const graph = {
  nodes: [
    { id: "in", type: "Input" },
    { id: "fc", type: "Linear" },
  ],
  edges: [{ source: "in", target: "fc" }],
};

describe("graph files", () => {
  it("round-trips our own format with the editor section apart from the graph", () => {
    const file = toGraphFile(graph, { blocks: [] });
    const parsed = parseGraphFile(JSON.stringify(file));
    expect(parsed).toEqual({ ok: true, graph, editor: { blocks: [] } });
  });

  it("accepts a bare graph spec", () => {
    expect(parseGraphFile(JSON.stringify(graph))).toEqual({ ok: true, graph, editor: undefined });
  });

  it("explains what is wrong", () => {
    expect(parseGraphFile("{nope")).toMatchObject({ ok: false, problem: "notJson" });
    expect(parseGraphFile("[1,2]")).toMatchObject({ ok: false, problem: "notGraph" });
    expect(parseGraphFile('{"nodes": [{"id": "a"}]}')).toMatchObject({ ok: false, problem: "badNode", detail: "1" });
    expect(parseGraphFile('{"nodes": [], "edges": [{"source": 1}]}')).toMatchObject({ ok: false, problem: "badEdge" });
  });

  it("leaves unknown keys for the server to reject", () => {
    const parsed = parseGraphFile('{"nodes": [{"id": "a", "type": "Input", "color": "red"}]}');
    expect(parsed.ok && parsed.graph.nodes[0]).toMatchObject({ color: "red" });
  });
});
