// The "Training" sheet under the top bar: optimizer and its parameters, learning-rate schedule and warm-up,
// regularisation, early stopping, initialisation and transfer. Forms come from the registries' JSON Schemas.
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { JsonSchema, TrainingSettings } from "../../api/types";
import { REGULARIZATION_RATES } from "../../lib/defaults";
import { type FieldSpec, fieldsFromSchema } from "../../lib/schemaForm";
import { useEditor } from "../../state/editor";
import { trainingActions, useTrainingCatalog } from "../../state/training";
import { NumberInput } from "../NumberInput";
import { SchemaField } from "../SchemaField";
import { ChoiceSelect, RateSelect } from "../Selects";
import { useEscape } from "../Overlay";
import { InitPicker } from "./InitPicker";
import { LossSection } from "./LossSection";
import { LiveTag, Row, Section } from "./Section";

export { LiveTag };

// Parameters most students never touch: behind "More".
const ADVANCED = new Set([
  "eps",
  "dampening",
  "amsgrad",
  "centered",
  "initial_accumulator_value",
  "lr_decay",
  "nesterov",
]);


function ParamFields(props: {
  fields: FieldSpec[];
  values: Record<string, unknown>;
  onChange: (name: string, value: unknown) => void;
  prefix: string;
  live?: readonly string[];
}) {
  // The labels are the server's schema titles, in the language the catalog was fetched in.
  return (
    <>
      {props.fields.map((field) => (
        <div key={field.name} className="param-field">
          {props.live?.includes(field.name) && <LiveTag />}
          <SchemaField
            field={field}
            value={props.values[field.name]}
            onChange={(v) => props.onChange(field.name, v)}
            testId={`${props.prefix}-${field.name}`}
          />
        </div>
      ))}
    </>
  );
}

function OptimizerSection({ training }: { training: TrainingSettings }) {
  const { t } = useTranslation();
  const optimizers = useTrainingCatalog((s) => s.optimizers);
  const info = optimizers.find((o) => o.name === training.optimizer);
  const fields = useMemo(
    () => fieldsFromSchema(info?.params_schema as JsonSchema | undefined).filter((f) => f.name !== "weight_decay"),
    [info],
  );
  const values = (training.optimizer_params ?? {}) as Record<string, unknown>;
  const basic = fields.filter((f) => !ADVANCED.has(f.name));
  const advanced = fields.filter((f) => ADVANCED.has(f.name));
  return (
    <Section title={t("training.optimizerTitle")} hint={info?.description} testId="training-optimizer">
      <Row label={t("settings.optimizer")}>
        <ChoiceSelect
          value={training.optimizer}
          choices={optimizers}
          onChange={(name) => trainingActions.setOptimizer(name as TrainingSettings["optimizer"])}
          testId="panel-optimizer-select"
        />
      </Row>
      <ParamFields
        fields={basic}
        values={values}
        onChange={trainingActions.setOptimizerParam}
        prefix="opt-param"
        live={["momentum"]}
      />
      {advanced.length > 0 && (
        <details className="training-more">
          <summary>{t("training.more")}</summary>
          <ParamFields
            fields={advanced}
            values={values}
            onChange={trainingActions.setOptimizerParam}
            prefix="opt-param"
          />
        </details>
      )}
    </Section>
  );
}

function ScheduleSection({ training }: { training: TrainingSettings }) {
  const { t } = useTranslation();
  const setTraining = useEditor((s) => s.setTraining);
  const schedules = useTrainingCatalog((s) => s.schedules);
  const info = schedules.find((o) => o.name === training.schedule);
  const fields = useMemo(() => fieldsFromSchema(info?.params_schema as JsonSchema | undefined), [info]);
  return (
    <Section title={t("training.scheduleTitle")} hint={info?.description} testId="training-schedule">
      <Row label={t("training.schedule")}>
        <ChoiceSelect
          value={training.schedule}
          choices={schedules}
          onChange={(name) => trainingActions.setSchedule(name as TrainingSettings["schedule"])}
          testId="schedule-select"
        />
      </Row>
      <ParamFields
        fields={fields}
        values={(training.schedule_params ?? {}) as Record<string, unknown>}
        onChange={trainingActions.setScheduleParam}
        prefix="schedule-param"
      />
      <Row label={t("training.warmup")} help={t("training.warmupHelp")}>
        <NumberInput
          value={training.warmup_steps}
          min={0}
          integer
          onCommit={(v) => setTraining({ warmup_steps: v ?? 0 })}
          data-testid="warmup-input"
        />
      </Row>
    </Section>
  );
}

function RegularisationSection({ training }: { training: TrainingSettings }) {
  const { t } = useTranslation();
  const setTraining = useEditor((s) => s.setTraining);
  const optimizers = useTrainingCatalog((s) => s.optimizers);
  const info = optimizers.find((o) => o.name === training.optimizer);
  const decay = useMemo(
    () => fieldsFromSchema(info?.params_schema as JsonSchema | undefined).find((f) => f.name === "weight_decay"),
    [info],
  );
  const params = (training.optimizer_params ?? {}) as Record<string, unknown>;
  return (
    <Section title={t("training.regularisationTitle")} hint={t("training.regularisationHint")} testId="training-reg">
      <div className="training-pair">
        <Row label={t("settings.l1")} live>
          <RateSelect
            value={training.l1}
            rates={REGULARIZATION_RATES}
            onChange={(l1) => setTraining({ l1 })}
            testId="l1-select"
          />
        </Row>
        <Row label={t("settings.l2")} live>
          <RateSelect
            value={training.l2}
            rates={REGULARIZATION_RATES}
            onChange={(l2) => setTraining({ l2 })}
            testId="l2-select"
          />
        </Row>
      </div>
      {decay && (
        <Row label={decay.label} live help={decay.description ?? undefined}>
          <NumberInput
            value={typeof params.weight_decay === "number" ? params.weight_decay : (decay.defaultValue as number)}
            min={decay.min}
            max={decay.max}
            onCommit={(v) => trainingActions.setOptimizerParam("weight_decay", v)}
            data-testid="weight-decay-input"
          />
        </Row>
      )}
      <Row label={t("training.clipNorm")} live help={t("training.clipNormHelp")}>
        <NumberInput
          value={training.clip_norm ?? null}
          min={0}
          placeholder={t("training.off")}
          onCommit={(v) => setTraining({ clip_norm: v === undefined || v === 0 ? null : v })}
          data-testid="clip-norm-input"
        />
      </Row>
    </Section>
  );
}

function EarlyStoppingSection({ training }: { training: TrainingSettings }) {
  const { t } = useTranslation();
  const setTraining = useEditor((s) => s.setTraining);
  const noSplit = training.validation_ratio <= 0;
  return (
    <Section title={t("training.earlyTitle")} hint={t("training.earlyHint")} testId="training-early">
      <Row label={t("training.validationRatio")}>
        <div className="slider-row">
          <input
            type="range"
            min={0}
            max={0.5}
            step={0.05}
            value={training.validation_ratio}
            onChange={(e) => setTraining({ validation_ratio: Number(e.target.value) })}
            data-testid="validation-ratio"
          />
          <output>{Math.round(training.validation_ratio * 100)}%</output>
        </div>
      </Row>
      <div className="training-pair">
        <Row label={t("training.patience")}>
          <NumberInput
            value={training.patience}
            min={0}
            integer
            onCommit={(v) => setTraining({ patience: v ?? 0 })}
            data-testid="patience-input"
          />
        </Row>
        <label className="check training-check">
          <input
            type="checkbox"
            checked={training.restore_best}
            onChange={(e) => setTraining({ restore_best: e.target.checked })}
            data-testid="restore-best"
          />
          <span>{t("training.restoreBest")}</span>
        </label>
      </div>
      {noSplit && training.patience > 0 && <p className="field-error">{t("training.needsSplit")}</p>}
    </Section>
  );
}

function InitSection({ training }: { training: TrainingSettings }) {
  const { t } = useTranslation();
  const setTraining = useEditor((s) => s.setTraining);
  const experiments = useTrainingCatalog((s) => s.experiments);
  const sources = experiments.filter((e) => ["finished", "stopped", "interrupted"].includes(e.status) && e.step > 0);
  const overrides = Object.keys(training.init_overrides ?? {}).length;
  const frozen = (training.frozen ?? []).length;
  return (
    <Section title={t("training.initTitle")} hint={t("training.initHint")} testId="training-init">
      <Row label={t("training.initGlobal")}>
        <InitPicker
          value={training.init as TrainingSettings["init"] | undefined}
          onChange={(init) => setTraining({ init: (init ?? { scheme: "default" }) as TrainingSettings["init"] })}
          testId="init-global"
        />
      </Row>
      <Row label={t("training.startFrom")} help={t("training.startFromHelp")}>
        <select
          value={training.init_from ?? ""}
          onChange={(e) => setTraining({ init_from: e.target.value || null })}
          data-testid="init-from-select"
        >
          <option value="">{t("training.fromScratch")}</option>
          {training.init_from && !sources.some((e) => e.id === training.init_from) && (
            <option value={training.init_from}>{training.init_from}</option>
          )}
          {sources.map((e) => (
            <option key={e.id} value={e.id}>
              {t("training.sourceOption", { name: e.name, status: t(`status.${e.status}`), step: e.step })}
            </option>
          ))}
        </select>
      </Row>
      {training.init_from && (
        <Row label={t("training.finetuneLr")} live help={t("training.finetuneLrHelp")}>
          <NumberInput
            value={training.finetune_lr ?? null}
            min={0}
            placeholder={t("training.sameAsLr")}
            onCommit={(v) => setTraining({ finetune_lr: v ?? null })}
            data-testid="finetune-lr-input"
          />
        </Row>
      )}
      <p className="training-hint">{t("training.perNode", { overrides, frozen })}</p>
    </Section>
  );
}

function LimitsSection({ training }: { training: TrainingSettings }) {
  const { t } = useTranslation();
  const setTraining = useEditor((s) => s.setTraining);
  return (
    <Section title={t("training.limitsTitle")} testId="training-limits">
      <div className="training-pair">
        <Row label={t("training.maxSteps")}>
          <NumberInput
            value={training.max_steps ?? null}
            min={1}
            integer
            placeholder={t("training.noLimit")}
            onCommit={(v) => setTraining({ max_steps: v ?? null })}
            data-testid="max-steps-input"
          />
        </Row>
        <Row label={t("training.maxSeconds")}>
          <NumberInput
            value={training.max_seconds ?? null}
            min={1}
            placeholder={t("training.noLimit")}
            onCommit={(v) => setTraining({ max_seconds: v ?? null })}
            data-testid="max-seconds-input"
          />
        </Row>
      </div>
      <Row label={t("training.checkpointEvery")} help={t("training.checkpointHelp")}>
        <NumberInput
          value={training.checkpoint_every}
          min={0}
          integer
          onCommit={(v) => setTraining({ checkpoint_every: v ?? 0 })}
          data-testid="checkpoint-every-input"
        />
      </Row>
    </Section>
  );
}

export function TrainingPanel() {
  const { t } = useTranslation();
  const open = useTrainingCatalog((s) => s.panelOpen);
  const training = useEditor((s) => s.training);

  useEffect(() => {
    if (open) void useTrainingCatalog.getState().loadExperiments();
  }, [open]);
  useEscape(() => useTrainingCatalog.getState().setPanelOpen(false), open);

  if (!open) return null;
  return (
    <div className="training-panel" role="region" aria-label={t("training.title")} data-testid="training-panel">
      <header className="training-panel-head">
        <h2>{t("training.title")}</h2>
        <p className="training-hint">{t("training.panelHint")}</p>
        <button
          type="button"
          className="tool-button"
          onClick={() => useTrainingCatalog.getState().setPanelOpen(false)}
          data-testid="training-panel-close"
        >
          {t("training.close")}
        </button>
      </header>
      <div className="training-grid">
        <OptimizerSection training={training} />
        <LossSection training={training} />
        <ScheduleSection training={training} />
        <RegularisationSection training={training} />
        <EarlyStoppingSection training={training} />
        <InitSection training={training} />
        <LimitsSection training={training} />
      </div>
    </div>
  );
}
