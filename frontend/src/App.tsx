import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { DataPanel } from "./components/data/DataPanel";
import { GraphEditor } from "./components/editor/GraphEditor";
import { OutputPanel } from "./components/output/OutputPanel";
import { Toasts } from "./components/Toasts";
import { TopBar } from "./components/TopBar";
import { loadProbeCatalog } from "./components/probes/probeStore";
import { useCatalog } from "./state/catalog";
import { startPreview } from "./state/data";
import { roomActions } from "./state/room";
import { runActions } from "./state/runActions";
import { startLanguageRefetch } from "./state/language";
import { startValidation } from "./state/validation";
import { ComparePanel } from "./components/training/ComparePanel";
import { TrainingPanel } from "./components/training/TrainingPanel";
import { startLiveSettings, useTrainingCatalog } from "./state/training";
import { usePanels } from "./state/panels";
import { openFromAddress } from "./state/sharing";

export function App() {
  const { t } = useTranslation();
  const loaded = useCatalog((s) => s.loaded);
  const failed = useCatalog((s) => s.failed);
  const teacher = usePanels((s) => s.teacher);
  const classes = ["app", teacher.present ? "is-present" : "", ...teacher.hide.map((h) => `hide-${h}`)];

  useEffect(() => {
    document.title = t("app.title");
  }, [t]);

  useEffect(() => {
    void useCatalog.getState().load();
  }, []);

  useEffect(() => {
    // Validation, previews and the restored run need the catalog (and its session cookie) first.
    if (!loaded) return;
    const stopValidation = startValidation();
    const stopPreview = startPreview();
    const stopLive = startLiveSettings();
    const stopLanguage = startLanguageRefetch();
    loadProbeCatalog();
    void useTrainingCatalog.getState().load();
    // A shared address replaces the workspace; otherwise re-attach to the run the page was showing.
    void openFromAddress().then((opened) => (opened ? undefined : runActions.restore()));
    void roomActions.restore();
    return () => {
      stopValidation();
      stopPreview();
      stopLive();
      stopLanguage();
    };
  }, [loaded]);

  return (
    <div
      className={classes.filter(Boolean).join(" ")}
      data-testid="app"
      data-ready={loaded ? "true" : "false"}
      data-present={teacher.present ? "true" : "false"}
    >
      <TopBar />
      {failed && (
        <div className="banner" role="alert" data-testid="load-error">
          {t("errors.catalogBanner")}
          <button type="button" onClick={() => void useCatalog.getState().load()}>
            {t("errors.retry")}
          </button>
        </div>
      )}
      <TrainingPanel />
      <main className="workspace">
        <DataPanel />
        <GraphEditor />
        <OutputPanel />
      </main>
      <ComparePanel />
      <Toasts />
    </div>
  );
}
