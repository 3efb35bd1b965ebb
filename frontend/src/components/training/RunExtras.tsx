// Parts of the OUTPUT column for the training controls: why a run failed, resuming an interrupted run,
// transfer warnings, the history of live setting changes, and the Compare / Race actions.
import { useTranslation } from "react-i18next";
import { describeChanges } from "../../lib/training";
import { compareActions, useCompare } from "../../state/compare";
import { useEditor } from "../../state/editor";
import { useReadOnly, useRunState } from "../../state/run";
import { runActions } from "../../state/runActions";

/** A failed run: the server's message (it names the node and suggests a fix) as a prominent callout. */
export function FailureCallout() {
  const { t } = useTranslation();
  const status = useRunState((s) => s.status);
  const error = useRunState((s) => s.error);
  const node = useRunState((s) => s.errorNode);
  const readOnly = useReadOnly();
  if (status !== "failed" || !error) return null;
  return (
    <div className="failure-callout" role="alert" data-testid="run-failure">
      <strong>{t("runExtras.failedTitle")}</strong>
      <p data-testid="run-error">{error}</p>
      {node && !readOnly && (
        <button
          type="button"
          className="tool-button"
          onClick={() => useEditor.getState().selectNode(node)}
          data-testid="run-failure-node"
          data-node={node}
        >
          {t("runExtras.showNode", { node })}
        </button>
      )}
    </div>
  );
}

export function ResumeInterrupted() {
  const { t } = useTranslation();
  const status = useRunState((s) => s.status);
  const busy = useRunState((s) => s.busy);
  if (status !== "interrupted") return null;
  return (
    <div className="resume-callout" data-testid="resume-block">
      <p>{t("runExtras.interrupted")}</p>
      <button
        type="button"
        className="tool-button is-primary"
        disabled={busy}
        onClick={() => void runActions.resumeInterrupted()}
        data-testid="resume-checkpoint"
      >
        {t("runExtras.resume")}
      </button>
    </div>
  );
}

export function RunWarnings() {
  const { t } = useTranslation();
  const warnings = useRunState((s) => s.warnings);
  if (!warnings.length) return null;
  return (
    <details className="run-warnings" open data-testid="run-warnings">
      <summary>{t("runExtras.warnings", { count: warnings.length })}</summary>
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </details>
  );
}

export function SettingsHistory() {
  const { t } = useTranslation();
  const history = useRunState((s) => s.history);
  if (!history.length) return null;
  return (
    <div className="settings-history" data-testid="settings-history">
      <span className="field-label">{t("runExtras.history")}</span>
      <ul>
        {history.slice(-5).map((h, i) => (
          <li key={`${h.step}-${i}`}>
            <span className="history-step">{t("runExtras.atStep", { step: h.step })}</span> {describeChanges(h.changes)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CompareActions() {
  const { t } = useTranslation();
  const racing = useCompare((s) => s.racing);
  return (
    <div className="compare-actions">
      <button type="button" className="tool-button" onClick={() => compareActions.open()} data-testid="open-compare">
        {t("compare.open")}
      </button>
      <button
        type="button"
        className="tool-button"
        disabled={racing}
        title={t("compare.raceHint")}
        onClick={() => void compareActions.race()}
        data-testid="race-optimizers"
      >
        {racing ? t("compare.racing") : t("compare.race")}
      </button>
    </div>
  );
}
