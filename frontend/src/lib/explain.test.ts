import { describe, expect, it } from "vitest";
import { splitExplainLine } from "./explain";

describe("splitExplainLine", () => {
  it("separates axis, arithmetic and result", () => {
    expect(splitExplainLine("H: ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28")).toEqual({
      axis: "H",
      work: "⌊(28 + 2·1 − 3)/1⌋ + 1",
      result: "28",
    });
  });

  it("keeps lines without a result or axis whole", () => {
    expect(splitExplainLine("C: 1 → 8 (out_channels)")).toEqual({
      axis: "C",
      work: "1 → 8 (out_channels)",
      result: null,
    });
    expect(splitExplainLine('padding "same" keeps 28')).toEqual({
      axis: null,
      work: 'padding "same" keeps 28',
      result: null,
    });
  });
});
