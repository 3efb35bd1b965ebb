// The top bar: run controls, progress counters and the training settings.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Optimizer } from "../api/types";
import { LEARNING_RATES } from "../lib/defaults";
import { advancedChanges } from "../lib/training";
import { useEditor } from "../state/editor";
import { useRun } from "../state/run";
import { runActions } from "../state/runActions";
import { trainingActions, useTrainingCatalog } from "../state/training";
import { ExplorerButton } from "./explorer/ExplorerButton";
import { RoomButton } from "./rooms/RoomButton";
import { LessonsButton } from "./lessons/LessonsButton";
import { ShareButton } from "./share/ShareButton";
import { NetworkIcon, PauseIcon, PlayIcon, ResetIcon, StepIcon } from "./Icons";
import { LanguageSwitch } from "./LanguageSwitch";
import { NumberInput } from "./NumberInput";
import { ChoiceSelect, RateSelect } from "./Selects";
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

/** One labelled setting of the bar. */
function Setting(props: { label: string; live?: boolean; narrow?: boolean; children: ReactNode }) {
  return (
    <label className={props.narrow ? "setting narrow" : "setting"}>
      <span className="field-label">
        {props.label}
        {props.live && <LiveTag />}
      </span>
      {props.children}
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
      <Setting label={t("settings.optimizer")}>
        <ChoiceSelect
          value={training.optimizer}
          choices={choices}
          onChange={(name) => trainingActions.setOptimizer(name as Optimizer)}
          testId="optimizer-select"
        />
      </Setting>
      <Setting label={t("settings.lr")} live>
        <RateSelect
          value={training.lr}
          rates={LEARNING_RATES}
          onChange={(lr) => setTraining({ lr })}
          testId="lr-select"
        />
      </Setting>
      <Setting label={t("settings.batchSize")} narrow>
        <NumberInput
          value={training.batch_size}
          min={1}
          integer
          onCommit={(v) => v !== undefined && setTraining({ batch_size: v })}
          data-testid="batch-size-input"
        />
      </Setting>
      <Setting label={t("settings.epochs")} narrow>
        <NumberInput
          value={training.epochs}
          min={1}
          integer
          onCommit={(v) => v !== undefined && setTraining({ epochs: v })}
          data-testid="epochs-input"
        />
      </Setting>
      <Setting label={t("settings.seed")} narrow>
        <NumberInput
          value={training.seed}
          min={0}
          integer
          onCommit={(v) => setTraining({ seed: v ?? 0 })}
          data-testid="seed-input"
        />
      </Setting>
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
        <LanguageSwitch />
      </div>
      <LessonsButton />
      <RoomButton />
      <RunControls />
      <Counters />
      <TrainingSettings />
      <ExplorerButton />
      <ShareButton />
    </header>
  );
}
