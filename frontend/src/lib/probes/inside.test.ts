import { describe, expect, it } from "vitest";
import type { FrameHeader } from "../../api/frames";
import { classTokenMap, readAttention, strongestKeys } from "./attention";
import { layoutOpGraph, readGraph } from "./opgraph";

/** A frame header with the fields every frame has, plus a probe's own. */
const headerOf = (extra: Record<string, unknown> & { type: string; shape: number[] }): FrameHeader => ({
  seq: 0,
  dtype: "float16",
  extent: null,
  key: null,
  node: null,
  offset: 0,
  plane_hi: null,
  plane_lo: null,
  scale: 1,
  step: 0,
  t: 0,
  ...extra,
});

const op = (id: number, name: string, node: string, inputs: number[]) => ({
  id,
  name,
  backward: `${name}Backward0`,
  node,
  inputs,
  shape: [1, 2],
  forward: null,
  grad: null,
});

describe("the computation graph", () => {
  const header = headerOf({
    type: "graph",
    shape: [2, 0],
    loss: 0.5,
    selected: null,
    groups: [
      { node: "h", layer: "Linear" },
      { node: "act", layer: "Tanh" },
      { node: "loss", layer: "loss" },
    ],
    ops: [op(0, "weight", "h", []), op(1, "addmm", "h", [0]), op(2, "tanh", "act", [1]), op(3, "nll", "loss", [2])],
  });

  it("groups operations by node, the output being the one no other consumes", () => {
    const graph = readGraph(header);
    expect(graph.groups.map((g) => [g.node, g.ops.length, g.output.name])).toEqual([
      ["h", 2, "addmm"],
      ["act", 1, "tanh"],
      ["loss", 1, "nll"],
    ]);
  });

  it("draws one box per node until a node is expanded into its operations", () => {
    const graph = readGraph(header);
    const collapsed = layoutOpGraph(graph, new Set());
    expect(collapsed.boxes.map((b) => b.id)).toEqual(["group:h", "group:act", "group:loss"]);
    expect(collapsed.edges.map((e) => `${e.from}>${e.to}`)).toEqual(["group:h>group:act", "group:act>group:loss"]);
    const open = layoutOpGraph(graph, new Set(["h"]));
    expect(open.boxes.map((b) => b.id)).toEqual(["op:0", "op:1", "group:act", "group:loss"]);
    expect(open.edges.map((e) => `${e.from}>${e.to}`)).toContain("op:0>op:1");
    const xs = Object.fromEntries(open.boxes.map((b) => [b.id, b.x]));
    expect(xs["op:0"]).toBeLessThan(xs["op:1"]);
    expect(xs["op:1"]).toBeLessThan(xs["group:act"]);
  });
});

describe("attention frames", () => {
  it("reads the class token's attention over the patches and the strongest key per query", () => {
    // 1 sample, 1 head, 5 queries × 5 keys: CLS then a 2 × 2 grid; the class token looks at patch 4 most.
    const values = new Float32Array(25);
    values.set([0.1, 0.1, 0.1, 0.1, 0.6], 0);
    for (let q = 1; q < 5; q++) values[q * 5 + (5 - q)] = 1;
    const maps = readAttention(
      headerOf({
        type: "attention",
        shape: [1, 1, 5, 5],
        patches: { rows: 2, cols: 2, patch: 4, class_token: true },
        query_labels: [["CLS", "1,1", "1,2", "2,1", "2,2"]],
      }),
      values,
    );
    expect(maps.queryLabels[0]).toBe("CLS");
    expect(classTokenMap(maps, 0)).toEqual([0.1, 0.1, 0.1, 0.6].map((v) => Math.fround(v)));
    expect(strongestKeys(maps, 0).slice(1)).toEqual([4, 3, 2, 1]);
  });
});
