// The OUTPUT column: run status, current losses and accuracy, loss chart and decision boundary.
import { useTranslation } from "react-i18next";
import { runFingerprint, toSpec } from "../../lib/graphSpec";
import { useEditor } from "../../state/editor";
import { useRun } from "../../state/run";
import { latest } from "../../state/series";
import { useTrainingCatalog } from "../../state/training";
import { BoundaryView } from "./BoundaryView";
import { OutputProbes } from "../probes/OutputProbes";
import { LossChart } from "./LossChart";
import { LrChart } from "../training/LrChart";
import { CompareActions, FailureCallout, ResumeInterrupted, RunWarnings, SettingsHistory } from "../training/RunExtras";

function StatusLine() {
  const { t } = useTranslation();
  const status = useRun((s) => s.status);
  const queuePosition = useRun((s) => s.queuePosition);
  const device = useRun((s) => s.device);
  const connected = useRun((s) => s.connected);
  const runFp = useRun((s) => s.fingerprint);
  const editorFp = useEditor((s) => runFingerprint(toSpec(s.nodes, s.edges, false), s.dataset, s.training));
  const stale = status !== null && runFp !== null && runFp !== editorFp;
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
      <ResumeInterrupted />
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
  const series = useRun((s) => s.series);
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
  const values = useRun((s) => s.taskMetrics);
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

export function OutputPanel() {
  const { t } = useTranslation();
  return (
    <aside className="column output-column" aria-label={t("output.title")}>
      <h2 className="column-title">{t("output.title")}</h2>
      <StatusLine />
      <Numbers />
      <TaskMetrics />
      <LossChart />
      <LrChart />
      <SettingsHistory />
      <CompareActions />
      <BoundaryView />
      <OutputProbes />
    </aside>
  );
}
