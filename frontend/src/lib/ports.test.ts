import { describe, expect, it } from "vitest";
import { toSpec } from "./graphSpec";
import type { EditorNode } from "./graphSpec";
import { connect, freePort, handleForPort, portsOf, targetPortOf } from "./ports";

const node = (id: string, layerType: string): EditorNode => ({
  id,
  type: "layer",
  position: { x: 0, y: 0 },
  data: { layerType, params: {} },
});

describe("ports", () => {
  it("single-input layers use the unnamed handle, multi-input ones the port name", () => {
    expect(portsOf(undefined)).toEqual(["in"]);
    expect(portsOf({ ports: ["a", "b"] })).toEqual(["a", "b"]);
    expect(handleForPort(["in"], "in")).toBeNull();
    expect(handleForPort(["query", "key", "value"], "key")).toBe("key");
    expect(targetPortOf(null)).toBeUndefined();
    expect(targetPortOf("memory")).toBe("memory");
  });

  it("connecting to a port sets target_port in the spec", () => {
    let edges = connect([], { source: "x", target: "add", sourceHandle: null, targetHandle: "a" });
    edges = connect(edges, { source: "y", target: "add", sourceHandle: null, targetHandle: "b" });
    edges = connect(edges, { source: "add", target: "out", sourceHandle: null, targetHandle: null });
    const spec = toSpec([node("x", "Input"), node("y", "Linear"), node("add", "Add"), node("out", "ReLU")], edges);
    expect(spec.edges).toEqual([
      { source: "x", target: "add", target_port: "a" },
      { source: "y", target: "add", target_port: "b" },
      { source: "add", target: "out" },
    ]);
  });

  it("a port takes one edge: reconnecting replaces it", () => {
    let edges = connect([], { source: "x", target: "add", sourceHandle: null, targetHandle: "a" });
    edges = connect(edges, { source: "y", target: "add", sourceHandle: null, targetHandle: "a" });
    expect(edges.map((e) => [e.source, e.targetHandle])).toEqual([["y", "a"]]);
    edges = connect(edges, { source: "x", target: "r", sourceHandle: null, targetHandle: null });
    edges = connect(edges, { source: "y", target: "r", sourceHandle: null, targetHandle: null });
    expect(edges.filter((e) => e.target === "r").map((e) => e.source)).toEqual(["y"]);
    expect(connect(edges, { source: "r", target: "r", sourceHandle: null, targetHandle: null })).toEqual(edges);
  });

  it("finds the first free port", () => {
    const edges = connect([], { source: "x", target: "mha", sourceHandle: null, targetHandle: "query" });
    expect(freePort("mha", ["query", "key", "value"], edges)).toBe("key");
    expect(freePort("inp", [], edges)).toBeNull();
  });
});
