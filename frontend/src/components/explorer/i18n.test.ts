import { describe, expect, it } from "vitest";
import { pickLanguage } from "../../i18n";
import en from "../../i18n/en.json";
import es from "../../i18n/es.json";

/** Every string of a nested resource, keyed by its dotted path. */
function strings(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    strings(v, prefix ? `${prefix}.${k}` : k),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe("explorer strings", () => {
  it("exist in English and Spanish with the same keys and placeholders", () => {
    const english = new Map(strings(en.explorer));
    const spanish = strings(es.explorer);
    expect(spanish.map(([key]) => key)).toEqual([...english.keys()]);
    for (const [key, text] of spanish) expect(placeholders(text), key).toEqual(placeholders(english.get(key)!));
  });

  it("picks Spanish from the address or the browser, else English", () => {
    expect(pickLanguage("?lang=es", ["en-US"])).toBe("es");
    expect(pickLanguage("", ["es-MX", "en"])).toBe("es");
    expect(pickLanguage("", ["fr-FR", "de"])).toBe("en");
    expect(pickLanguage("?lang=xx", ["en-GB"])).toBe("en");
  });
});
