// The top bar: run controls, progress counters and the training settings.
import { useTranslation } from "react-i18next";
import type { Optimizer } from "../api/types";
import { LEARNING_RATES } from "../lib/defaults";
import { advancedChanges } from "../lib/training";
import { useEditor } from "../state/editor";
import { runActions, useRun } from "../state/run";
import { trainingActions, useTrainingCatalog } from "../state/training";
import { NetworkIcon, PauseIcon, PlayIcon, ResetIcon, StepIcon } from "./Icons";
import { NumberInput } from "./NumberInput";
import { LiveTag } from "./training/TrainingPanel";

function formatCount(n: number): string {
  return Math.floor(n)
    .toString()
    .padStart(6, "0")
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function RunControls() {
  const { t } = useTranslation();
  const status = useRun((s) => s.status);
  const busy = useRun((s) => s.busy);
  const playing = status === "running" || status === "queued";
  return (
    <div className="run-controls">
      <button
        type="button"
        className="round-button"
        data-testid="reset-button"
        title={t("controls.resetHint")}
        aria-label={t("controls.reset")}
        onClick={() => void runActions.reset()}
        disabled={busy}
      >
        <ResetIcon />
      </button>
      <button
        type="button"
        className={`play-button ${playing ? "is-playing" : ""}`}
        data-testid="play-button"
        data-state={playing ? "playing" : "paused"}
        title={playing ? t("controls.pause") : t("controls.play")}
        aria-label={playing ? t("controls.pause") : t("controls.play")}
        onClick={() => void (playing ? runActions.pause() : runActions.play())}
        disabled={busy}
      >
        {playing ? <PauseIcon size={26} /> : <PlayIcon size={26} />}
      </button>
      <button
        type="button"
        className="round-button"
        data-testid="step-button"
        title={t("controls.stepHint")}
        aria-label={t("controls.step")}
        onClick={() => void runActions.step()}
        disabled={busy}
      >
        <StepIcon />
      </button>
    </div>
  );
}

function Counters() {
  const { t } = useTranslation();
  const step = useRun((s) => s.step);
  const epoch = useRun((s) => s.epoch);
  return (
    <div className="counters">
      <div className="counter">
        <span className="field-label">{t("controls.epoch")}</span>
        <span className="counter-value" data-testid="epoch-counter">
          {formatCount(epoch)}
        </span>
      </div>
      <div className="counter">
        <span className="field-label">{t("controls.stepCount")}</span>
        <span className="counter-value" data-testid="step-counter">
          {formatCount(step)}
        </span>
      </div>
    </div>
  );
}

function RateSelect(props: {
  label: string;
  live?: boolean;
  value: number;
  rates: readonly number[];
  onChange: (v: number) => void;
  testId: string;
}) {
  // Keep a stored value that is not in the list selectable rather than silently showing another.
  const rates = props.rates.includes(props.value) ? props.rates : [...props.rates, props.value].sort((a, b) => a - b);
  return (
    <label className="setting">
      <span className="field-label">
        {props.label}
        {props.live && <LiveTag />}
      </span>
      <select
        value={String(props.value)}
        onChange={(e) => props.onChange(Number(e.target.value))}
        data-testid={props.testId}
      >
        {rates.map((r) => (
          <option key={r} value={String(r)}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );
}

function TrainingSettings() {
  const { t } = useTranslation();
  const training = useEditor((s) => s.training);
  const setTraining = useEditor((s) => s.setTraining);
  const optimizers = useTrainingCatalog((s) => s.optimizers);
  const panelOpen = useTrainingCatalog((s) => s.panelOpen);
  const changed = advancedChanges(training);
  // Until the registry answers, offer the one stored (so the select never shows another).
  const choices = optimizers.length ? optimizers : [{ name: training.optimizer, title: training.optimizer }];
  return (
    <div className="settings" role="group" aria-label={t("settings.group")}>
      <label className="setting">
        <span className="field-label">{t("settings.optimizer")}</span>
        <select
          value={training.optimizer}
          onChange={(e) => trainingActions.setOptimizer(e.target.value as Optimizer)}
          data-testid="optimizer-select"
        >
          {choices.map((o) => (
            <option key={o.name} value={o.name}>
              {o.title}
            </option>
          ))}
        </select>
      </label>
      <RateSelect
        label={t("settings.lr")}
        live
        value={training.lr}
        rates={LEARNING_RATES}
        onChange={(lr) => setTraining({ lr })}
        testId="lr-select"
      />
      <label className="setting narrow">
        <span className="field-label">{t("settings.batchSize")}</span>
        <NumberInput
          value={training.batch_size}
          min={1}
          integer
          onCommit={(v) => v !== undefined && setTraining({ batch_size: v })}
          data-testid="batch-size-input"
        />
      </label>
      <label className="setting narrow">
        <span className="field-label">{t("settings.epochs")}</span>
        <NumberInput
          value={training.epochs}
          min={1}
          integer
          onCommit={(v) => v !== undefined && setTraining({ epochs: v })}
          data-testid="epochs-input"
        />
      </label>
      <label className="setting narrow">
        <span className="field-label">{t("settings.seed")}</span>
        <NumberInput
          value={training.seed}
          min={0}
          integer
          onCommit={(v) => setTraining({ seed: v ?? 0 })}
          data-testid="seed-input"
        />
      </label>
      <button
        type="button"
        className={`training-toggle ${panelOpen ? "is-open" : ""}`}
        aria-expanded={panelOpen}
        onClick={() => useTrainingCatalog.getState().setPanelOpen(!panelOpen)}
        title={t("training.toggleHint")}
        data-testid="training-toggle"
      >
        {t("training.toggle")}
        {changed > 0 && <span className="training-badge">{changed}</span>}
        <span aria-hidden="true">{panelOpen ? "▴" : "▾"}</span>
      </button>
    </div>
  );
}

export function TopBar() {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <NetworkIcon size={20} />
        </span>
        <span className="brand-name">{t("app.title")}</span>
      </div>
      <RunControls />
      <Counters />
      <TrainingSettings />
    </header>
  );
}
