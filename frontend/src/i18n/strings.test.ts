import { describe, expect, it } from "vitest";
import en from "./en.json";
import es from "./es.json";

/** Every key path of a nested strings object, with its {{placeholders}}. */
function keys(node: unknown, prefix = ""): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (typeof node === "string") out.set(prefix, [...node.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort());
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node))
      for (const [p, h] of keys(v, prefix ? `${prefix}.${k}` : k)) out.set(p, h);
  return out;
}

describe("Spanish strings", () => {
  it("translate every probe view string, with the same placeholders", () => {
    const english = keys(en.probes);
    const spanish = keys(es.probes);
    expect([...spanish.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, placeholders] of english) expect(spanish.get(key), key).toEqual(placeholders);
  });

  it("translate every classroom room string, with the same placeholders", () => {
    const english = keys(en.rooms);
    const spanish = keys(es.rooms);
    expect([...spanish.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, placeholders] of english) expect(spanish.get(key), key).toEqual(placeholders);
  });
});
