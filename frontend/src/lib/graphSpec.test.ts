import { describe, expect, it } from "vitest";
import { defaultDataset, defaultGraph, defaultTraining } from "./defaults";
import {
  type EditorEdge,
  type EditorNode,
  edgeBetween,
  fromSpec,
  runFingerprint,
  sinks,
  toSpec,
  uniqueNodeId,
} from "./graphSpec";

const node = (id: string, layerType: string, params: Record<string, unknown> = {}, x = 0): EditorNode => ({
  id,
  type: "layer",
  position: { x, y: 10.4 },
  data: { layerType, params },
});

describe("toSpec", () => {
  const nodes = [
    node("in", "Input"),
    node("fc1", "Linear", { out_features: 8, bias: undefined }, 150.6),
    node("act", "ReLU"),
  ];
  const edges: EditorEdge[] = [edgeBetween("in", "fc1", null), edgeBetween("fc1", "act", null)];

  it("writes nodes, params, rounded positions, edges and the single sink as output", () => {
    expect(toSpec(nodes, edges)).toEqual({
      nodes: [
        { id: "in", type: "Input", position: { x: 0, y: 10 } },
        { id: "fc1", type: "Linear", params: { out_features: 8 }, position: { x: 151, y: 10 } },
        { id: "act", type: "ReLU", position: { x: 0, y: 10 } },
      ],
      edges: [
        { source: "in", target: "fc1" },
        { source: "fc1", target: "act" },
      ],
      output: "act",
    });
  });

  it("can leave positions out", () => {
    expect(toSpec(nodes, edges, false).nodes[1]).toEqual({ id: "fc1", type: "Linear", params: { out_features: 8 } });
  });

  it("leaves output to the server when there are several sinks", () => {
    const spec = toSpec(nodes, [edges[0]]);
    expect(sinks(nodes, [edges[0]])).toEqual(["fc1", "act"]);
    expect(spec.output).toBeUndefined();
  });

  it("keeps target ports and drops edges to deleted nodes", () => {
    const add = node("add", "Add");
    const spec = toSpec([...nodes, add], [...edges, edgeBetween("act", "add", "a"), edgeBetween("ghost", "add", "b")]);
    expect(spec.edges).toContainEqual({ source: "act", target: "add", target_port: "a" });
    expect(spec.edges?.some((e) => e.source === "ghost")).toBe(false);
    expect(spec.output).toBe("add");
  });

  it("round-trips through fromSpec", () => {
    const spec = defaultGraph();
    const { nodes: n, edges: e } = fromSpec(spec);
    expect(toSpec(n, e)).toEqual(spec);
  });
});

describe("default network", () => {
  it("is Input → Linear(8) → Tanh → Linear(8) → Tanh → Linear(1), laid out left to right", () => {
    const spec = defaultGraph();
    expect(spec.nodes.map((n) => n.type)).toEqual(["Input", "Linear", "Tanh", "Linear", "Tanh", "Linear"]);
    expect(spec.nodes.map((n) => n.params?.out_features)).toEqual([undefined, 8, undefined, 8, undefined, 1]);
    const xs = spec.nodes.map((n) => n.position?.x ?? 0);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(spec.edges).toHaveLength(5);
    expect(defaultDataset()).toEqual({ name: "circle", options: { features: ["x1", "x2"] } });
    expect(defaultTraining()).toMatchObject({ optimizer: "adam", lr: 0.03, batch_size: 10, epochs: 100 });
  });
});

describe("uniqueNodeId", () => {
  it("derives a valid, unused id from the layer type", () => {
    expect(uniqueNodeId("Linear", ["linear1", "linear2"])).toBe("linear3");
    expect(uniqueNodeId("ReLU", [])).toBe("relu1");
    expect(uniqueNodeId("2D Conv", [])).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
  });
});

describe("runFingerprint", () => {
  const { nodes, edges } = fromSpec(defaultGraph());
  const base = runFingerprint(toSpec(nodes, edges), defaultDataset(), defaultTraining());

  it("ignores positions and key order", () => {
    const moved = nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: 99 } }));
    const dataset = { options: { features: ["x1", "x2"] }, name: "circle" };
    expect(runFingerprint(toSpec(moved, edges), dataset, defaultTraining())).toBe(base);
  });

  it("changes with the graph, the data set or the training settings", () => {
    const edited = nodes.map((n) => (n.id === "fc1" ? { ...n, data: { ...n.data, params: { out_features: 4 } } } : n));
    expect(runFingerprint(toSpec(edited, edges), defaultDataset(), defaultTraining())).not.toBe(base);
    expect(runFingerprint(toSpec(nodes, edges), { name: "xor", options: {} }, defaultTraining())).not.toBe(base);
    expect(runFingerprint(toSpec(nodes, edges), defaultDataset(), { ...defaultTraining(), lr: 0.1 })).not.toBe(base);
  });
});

describe("editor-only nodes", () => {
  it("never puts a block's frame or collapsed node into the spec", () => {
    const layers = [node("in", "Input"), node("fc1", "Linear", { out_features: 2 }, 150)];
    const frame = { id: "block-1", type: "blockFrame", position: { x: 0, y: 0 }, data: { blockId: "block-1" } };
    const collapsed = { ...frame, id: "block-2", type: "blockCollapsed" };
    const edges = [edgeBetween("in", "fc1", null)];
    const spec = toSpec([frame, ...layers, collapsed] as unknown as EditorNode[], edges);
    expect(spec).toEqual(toSpec(layers, edges));
    expect(spec.nodes.map((n) => n.id)).toEqual(["in", "fc1"]);
    expect(spec.output).toBe("fc1");
  });
});
