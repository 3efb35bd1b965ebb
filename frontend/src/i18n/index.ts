// All user-visible text goes through i18next; every language has one resource file with the same keys
// (i18n/strings.test.ts fails on a key missing from one of them).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import es from "./es.json";

const resources = { en: { translation: en }, es: { translation: es } };

export type Language = keyof typeof resources;
/** The languages of the interface, in the order the switch offers them. */
export const LANGUAGES: readonly Language[] = ["es", "en"];
/** Where the language chosen with the switch is kept, so a reload (or the next class) keeps it. */
export const LANGUAGE_KEY = "neurona.language";

function isLanguage(code: string): code is Language {
  return code in resources;
}

/**
 * `?lang=xx` in the address wins (a shared link), then the language chosen with the switch, then the browser's
 * preferred languages in order, when there is a resource for it; else English.
 */
export function pickLanguage(query: string, preferred: readonly string[], stored: string | null = null): Language {
  const asked = [new URLSearchParams(query).get("lang") ?? "", stored ?? "", ...preferred];
  const found = asked.map((tag) => tag.toLowerCase().split("-")[0]!).find(isLanguage);
  return found ?? "en";
}

const browser = typeof window === "undefined" ? null : window;

function storedLanguage(): string | null {
  try {
    return browser?.localStorage.getItem(LANGUAGE_KEY) ?? null;
  } catch {
    return null; // storage disabled: the browser's preference still applies
  }
}

/** The interface's language as the server understands it (sent as Accept-Language). */
export function currentLanguage(): Language {
  const code = (i18n.resolvedLanguage ?? i18n.language ?? "en").split("-")[0]!;
  return isLanguage(code) ? code : "en";
}

/** Switches the interface and remembers the choice; listeners of "languageChanged" refetch what the server words. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    browser?.localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // storage disabled: the switch still works for this page
  }
  await i18n.changeLanguage(language);
}

i18n.on("languageChanged", (language) => {
  if (browser) browser.document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: browser ? pickLanguage(browser.location.search, browser.navigator.languages ?? [], storedLanguage()) : "en",
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
