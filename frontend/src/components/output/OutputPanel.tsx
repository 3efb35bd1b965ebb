// The OUTPUT column: run status, current losses and accuracy, loss chart and decision boundary. RunOutput is
// the same views of any run in scope (state/run.ts), read-only ones included: a teacher's view of a student's run.
import { useTranslation } from "react-i18next";
import { runFingerprint, toSpec } from "../../lib/graphSpec";
import { useEditor } from "../../state/editor";
import { useReadOnly, useRunState } from "../../state/run";
import { latest } from "../../state/series";
import { useTrainingCatalog } from "../../state/training";
import { BoundaryView } from "./BoundaryView";
import { OutputProbes } from "../probes/OutputProbes";
import { LossChart } from "./LossChart";
import { LrChart } from "../training/LrChart";
import { CompareActions, FailureCallout, ResumeInterrupted, RunWarnings, SettingsHistory } from "../training/RunExtras";

function StatusLine() {
  const { t } = useTranslation();
  const status = useRunState((s) => s.status);
  const queuePosition = useRunState((s) => s.queuePosition);
  const device = useRunState((s) => s.device);
  const connected = useRunState((s) => s.connected);
  const runFp = useRunState((s) => s.fingerprint);
  const editorFp = useEditor((s) => runFingerprint(toSpec(s.nodes, s.edges, false), s.dataset, s.training));
  const readOnly = useReadOnly();
  // A run shown read-only is not the editor's: it is never stale, and offers none of the page's controls.
  const stale = !readOnly && status !== null && runFp !== null && runFp !== editorFp;
  const text = status
    ? t(`status.${status}`, { position: queuePosition ?? "?", defaultValue: status })
    : t("status.none");
  return (
    <div className="status-block">
      <p
        className={`status-line status-${status ?? "none"}`}
        data-testid="run-status"
        data-status={status ?? "none"}
        role="status"
      >
        <span className="status-dot" aria-hidden="true" />
        <span>{text}</span>
        {device && status === "running" && <span className="status-device">{t("status.device", { device })}</span>}
        {status !== null && !connected && (status === "running" || status === "queued") && (
          <span className="status-device">{t("status.reconnecting")}</span>
        )}
      </p>
      <FailureCallout />
      {!readOnly && <ResumeInterrupted />}
      <RunWarnings />
      {stale && (
        <p className="status-hint" data-testid="run-stale">
          {t("status.stale")}
        </p>
      )}
    </div>
  );
}

function formatLoss(v: number | null): string {
  if (v === null) return "–";
  // Near zero, three decimals would all read 0.000; show the magnitude instead.
  // A diverging run's losses can be astronomically large: keep them to a few characters too.
  if (Math.abs(v) >= 10_000) return v.toExponential(2);
  return v !== 0 && Math.abs(v) < 0.001 ? v.toExponential(1) : v.toFixed(3);
}

function Numbers() {
  const { t } = useTranslation();
  const series = useRunState((s) => s.series);
  const train = latest(series.train);
  const test = latest(series.test);
  const accuracy = latest(series.accuracy);
  return (
    <dl className="numbers">
      <div>
        <dt>{t("output.testLoss")}</dt>
        <dd data-testid="test-loss" data-value={test ?? ""}>
          {formatLoss(test)}
        </dd>
      </div>
      <div>
        <dt>{t("output.trainLoss")}</dt>
        <dd data-testid="train-loss" data-value={train ?? ""}>
          {formatLoss(train)}
        </dd>
      </div>
      <div>
        <dt>{t("output.accuracy")}</dt>
        <dd data-testid="test-accuracy" data-value={accuracy ?? ""}>
          {accuracy === null ? "–" : `${(accuracy * 100).toFixed(1)}%`}
        </dd>
      </div>
    </dl>
  );
}

function TaskMetrics() {
  const { t } = useTranslation();
  const values = useRunState((s) => s.taskMetrics);
  const tasks = useTrainingCatalog((s) => s.tasks);
  const names = Object.keys(values);
  if (!names.length) return null;
  return (
    <dl className="numbers task-metrics" data-testid="task-metrics-table">
      {names.map((name) => {
        const v = values[name];
        const info = tasks.flatMap((task) => task.metrics).find((m) => m.name === name);
        const ratio = info?.percent ?? false;
        return (
          <div key={name} title={info?.description}>
            <dt>{t(`output.metric.${name}`, { defaultValue: info?.title ?? name })}</dt>
            <dd data-testid={`metric-${name}`} data-value={v ?? ""}>
              {v == null ? "–" : ratio ? `${(v * 100).toFixed(1)}%` : formatLoss(v)}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * The run in scope's status, numbers, charts and decision boundary (OutputProbes draws the rest); the page's
 * controls (compare, race) only for the page's own run.
 */
export function RunOutput() {
  const readOnly = useReadOnly();
  return (
    <>
      <StatusLine />
      <Numbers />
      <TaskMetrics />
      <LossChart />
      <LrChart />
      <SettingsHistory />
      {!readOnly && <CompareActions />}
      <BoundaryView />
    </>
  );
}

export function OutputPanel() {
  const { t } = useTranslation();
  return (
    <aside className="column output-column" aria-label={t("output.title")}>
      <h2 className="column-title">{t("output.title")}</h2>
      <RunOutput />
      <OutputProbes />
    </aside>
  );
}
