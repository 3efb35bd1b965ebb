import { describe, expect, it } from "vitest";
import { CONTROL_ORDER, CONTROL_SELECTORS, controlsCss } from "./roomControls";

describe("controlsCss", () => {
  it("is empty when nothing is hidden or locked", () => {
    expect(controlsCss(null)).toBe("");
    expect(controlsCss({ hidden: [], locked: [] })).toBe("");
  });

  it("hides and locks exactly the named controls' parts", () => {
    const css = controlsCss({ hidden: ["uploads"], locked: ["dataset", "lessons"] });
    const [hide = "", lock = ""] = css.split("}\n");
    expect(hide).toContain(".upload-section");
    expect(hide).toContain("display: none");
    expect(hide).not.toContain(".lessons-open");
    expect(lock).toContain(".lessons-open");
    expect(lock).toContain(".dataset-picker");
    expect(lock).toContain("pointer-events: none");
    expect(css).not.toContain(".palette");
  });

  it("covers every control with at least one selector", () => {
    expect(CONTROL_ORDER.length).toBe(7);
    for (const name of CONTROL_ORDER) expect(CONTROL_SELECTORS[name].length).toBeGreaterThan(0);
  });
});
