import { describe, expect, it } from "vitest";
import { pickLanguage } from ".";

describe("the interface language", () => {
  it("comes from the address, then the stored choice, then the browser, else English", () => {
    expect(pickLanguage("?lang=es", ["en-US"], "en")).toBe("es");
    expect(pickLanguage("", ["en-US"], "es")).toBe("es");
    expect(pickLanguage("", ["es-MX", "en"])).toBe("es");
    expect(pickLanguage("", ["fr-FR", "es-AR", "en"])).toBe("es");
    expect(pickLanguage("", ["fr-FR", "de"])).toBe("en");
    expect(pickLanguage("?lang=xx", ["en-GB"], "xx")).toBe("en");
  });
});
