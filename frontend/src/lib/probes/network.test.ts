import { describe, expect, it } from "vitest";
import { denseChain, drawable, networkDiagram } from "./network";
import { predictedTokens } from "./predictions";

describe("MLP diagram", () => {
  const layers = [
    { node: "fc1", outputs: 2, inputs: 2, values: [1, -2, 0.5, 0] },
    { node: "out", outputs: 1, inputs: 2, values: [-1, 2] },
  ];

  it("puts one column per layer and one edge per weight, [out, in] as PyTorch stores it", () => {
    const { units, edges } = networkDiagram(layers, 200, 100, 5);
    expect(units.map((u) => u.length)).toEqual([2, 2, 1]);
    expect(units[2][0]).toMatchObject({ x: 200, y: 50 });
    expect(edges).toHaveLength(6);
    const w = edges.find((e) => e.from === units[0][1] && e.to === units[1][0]);
    expect(w).toMatchObject({ weight: -2, positive: false, width: 5 });
    expect(edges.find((e) => e.weight === 0)?.width).toBe(0.5);
  });

  it("draws only networks small enough to read", () => {
    expect(drawable(layers)).toBe(true);
    expect(drawable([{ node: "fc", outputs: 64, inputs: 2, values: [] }])).toBe(false);
    expect(drawable([])).toBe(false);
  });
});

describe("dense chain", () => {
  const n = (id: string, type: string) => ({ id, type });
  const e = (source: string, target: string) => ({ source, target });

  it("lists the Linear layers of a chain in order from the input", () => {
    const nodes = [n("out", "Linear"), n("in", "Input"), n("fc1", "Linear"), n("act", "Tanh")];
    expect(denseChain(nodes, [e("in", "fc1"), e("fc1", "act"), e("act", "out")])).toEqual(["fc1", "out"]);
  });

  it("refuses branched graphs", () => {
    const nodes = [n("in", "Input"), n("a", "Linear"), n("b", "Linear"), n("add", "Add")];
    expect(denseChain(nodes, [e("in", "a"), e("in", "b"), e("a", "add"), e("b", "add")])).toBeNull();
  });
});

describe("predictions", () => {
  it("reads predicted tokens as the argmax at every position", () => {
    expect(predictedTokens([0.1, 0.9, 0, 5, 1, 2], 2, 3)).toEqual([1, 0]);
  });
});
