import { describe, expect, it } from "vitest";
import type { BackpropResult, ExpressionNode } from "../../api/types";
import { SEED, backwardView, clampStep, formatNumber, sumText } from "./stepping";

const node = (id: string, label: string, value: number, grad: number | null, inputs: ExpressionNode["inputs"] = []) =>
  ({ id, op: label, label, title: label, text: label, column: 1, value, grad, inputs }) satisfies ExpressionNode;

// f = a*b + a at a = 2, b = 3, as the server answers it: a is used twice (by × and by +).
const RESULT: BackpropResult = {
  expression: "a*b + a",
  variables: ["a", "b"],
  output: 8,
  output_id: "n3",
  schedule: ["n3", "n2", "n1", "n0"],
  nodes: [
    node("n0", "a", 2, 4),
    node("n1", "b", 3, 2),
    node("n2", "×", 6, 1, [
      { source: "n0", rule: "y", local_grad: 3, contribution: 3 },
      { source: "n1", rule: "x", local_grad: 2, contribution: 2 },
    ]),
    node("n3", "+", 8, 1, [
      { source: "n2", rule: "1", local_grad: 1, contribution: 1 },
      { source: "n0", rule: "1", local_grad: 1, contribution: 1 },
    ]),
  ],
};

describe("backwardView", () => {
  it("shows only forward values before the first step", () => {
    const view = backwardView(RESULT, 0);
    expect(view.current).toBeNull();
    expect(view.total).toBe(4);
    expect([...view.nodes.values()].every((n) => n.grad === null && !n.visited)).toBe(true);
    expect(view.edges.every((e) => !e.shown && !e.active)).toBe(true);
  });

  it("starts at the output with the seed 1 and sends it along the output's inputs", () => {
    const view = backwardView(RESULT, 1);
    expect(view.current?.id).toBe("n3");
    const out = view.nodes.get("n3")!;
    expect(out.terms).toEqual([{ from: SEED, value: 1 }]);
    expect(out).toMatchObject({ grad: 1, complete: true, current: true, visited: true });
    expect(view.edges.filter((e) => e.active).map((e) => e.id)).toEqual(["n3:0", "n3:1"]);
    // a has heard from one of its two uses: a partial sum, not yet complete.
    expect(view.nodes.get("n0")).toMatchObject({ terms: [{ from: "n3", value: 1 }], grad: 1, complete: false });
    expect(view.nodes.get("n2")).toMatchObject({ grad: 1, complete: true, visited: false });
    expect(view.nodes.get("n1")!.grad).toBeNull();
  });

  it("sums a variable's contributions once every use has been visited", () => {
    const view = backwardView(RESULT, 2);
    expect(view.current?.id).toBe("n2");
    const a = view.nodes.get("n0")!;
    expect(a.terms.map((t) => t.value)).toEqual([3, 1]);
    expect(a).toMatchObject({ grad: 4, complete: true, uses: 2, visited: false });
    expect(view.nodes.get("n1")).toMatchObject({ grad: 2, complete: true });
    expect(view.edges.filter((e) => e.shown).map((e) => e.id)).toEqual(["n2:0", "n2:1", "n3:0", "n3:1"]);
    expect(view.edges.filter((e) => e.active).map((e) => e.id)).toEqual(["n2:0", "n2:1"]);
  });

  it("ends with every node visited, and clamps steps out of range", () => {
    const view = backwardView(RESULT, 99);
    expect(view.step).toBe(4);
    expect(view.current?.id).toBe("n0");
    expect([...view.nodes.values()].every((n) => n.visited && n.complete)).toBe(true);
    expect([...view.nodes.values()].map((n) => n.grad)).toEqual([4, 2, 1, 1]);
    expect(clampStep(RESULT, -3)).toBe(0);
    expect(backwardView(RESULT, -1).step).toBe(0);
  });

  it("never gives a constant a gradient", () => {
    const constant: BackpropResult = {
      ...RESULT,
      expression: "2*a",
      variables: ["a"],
      output_id: "n2",
      schedule: ["n2", "n1"],
      nodes: [
        node("n0", "2", 2, null),
        node("n1", "a", 3, 2),
        node("n2", "×", 6, 1, [
          { source: "n0", rule: "y", local_grad: null, contribution: null },
          { source: "n1", rule: "x", local_grad: 2, contribution: 2 },
        ]),
      ],
    };
    const view = backwardView(constant, 2);
    expect(view.nodes.get("n0")).toMatchObject({ grad: null, terms: [], complete: false });
    expect(view.nodes.get("n1")).toMatchObject({ grad: 2, complete: true });
  });
});

describe("formatNumber", () => {
  it("keeps four significant digits and hides float noise", () => {
    expect(formatNumber(0.49999999999999994)).toBe("0.5");
    expect(formatNumber(-1.4999999999999998)).toBe("-1.5");
    expect(formatNumber(Math.PI)).toBe("3.142");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(123456)).toBe("1.23e5");
    expect(formatNumber(0.0001234)).toBe("1.23e-4");
  });

  it("writes a negative term of a sum as a subtraction", () => {
    expect(sumText([3, 1])).toBe("3 + 1");
    expect(sumText([0, -0.27589, 0.27589])).toBe("0 − 0.2759 + 0.2759");
    expect(sumText([-6, 4])).toBe("-6 + 4");
  });
});
