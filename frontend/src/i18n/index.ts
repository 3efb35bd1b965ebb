// All user-visible text goes through i18next; English is bundled, other languages add a resource file.
// Spanish covers part of the app so far; a missing key falls back to English.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import es from "./es.json";

const resources = { en: { translation: en }, es: { translation: es } };

/** `?lang=xx` in the address wins, then the browser's preferred language, when there is a resource for it. */
export function pickLanguage(query: string, preferred: readonly string[]): string {
  const asked = [new URLSearchParams(query).get("lang") ?? "", ...preferred];
  const found = asked.map((tag) => tag.toLowerCase().split("-")[0]!).find((code) => code in resources);
  return found ?? "en";
}

const browser = typeof window === "undefined" ? null : window;

void i18n.use(initReactI18next).init({
  resources,
  lng: browser ? pickLanguage(browser.location.search, browser.navigator.languages ?? []) : "en",
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
