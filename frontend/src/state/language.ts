// A language switch refetches what the server words (catalog descriptions, schema labels, validation messages),
// since the server answers in the language of each request's Accept-Language.
import i18n from "../i18n";
import { loadProbeCatalog } from "../components/probes/probeStore";
import { useCatalog } from "./catalog";
import { useTrainingCatalog } from "./training";

/** Starts refetching on every language change; returns the function that stops it. */
export function startLanguageRefetch(): () => void {
  const refetch = () => {
    void useCatalog.getState().load();
    void useTrainingCatalog.getState().load();
    loadProbeCatalog(true);
  };
  i18n.on("languageChanged", refetch);
  return () => i18n.off("languageChanged", refetch);
}
