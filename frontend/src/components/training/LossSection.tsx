// The loss of a run: the choices are the current dataset task's losses from GET /api/tasks (the first is the
// task's default), and a VAE's β when the task has a KL term.
import { useTranslation } from "react-i18next";
import type { TrainingSettings } from "../../api/types";
import { useData } from "../../state/data";
import { useEditor } from "../../state/editor";
import { useTrainingCatalog } from "../../state/training";
import { NumberInput } from "../NumberInput";
import { ChoiceSelect } from "../Selects";
import { Row, Section } from "./Section";

const DEFAULT = "";

export function LossSection({ training }: { training: TrainingSettings }) {
  const { t } = useTranslation();
  const taskName = useData((s) => s.preview?.task ?? null);
  const task = useTrainingCatalog((s) => s.tasks.find((x) => x.name === taskName));
  const setTraining = useEditor((s) => s.setTraining);
  if (!task) return null;
  const chosen = task.losses.find((l) => l.name === training.loss);
  const choices = [{ name: DEFAULT, title: t("training.lossDefault", { loss: task.losses[0].title }) }, ...task.losses];
  return (
    <Section title={t("training.lossTitle")} hint={chosen?.description ?? task.description} testId="training-loss">
      <Row label={t("training.loss")}>
        <ChoiceSelect
          value={chosen?.name ?? DEFAULT}
          choices={choices}
          onChange={(name) => setTraining({ loss: name === DEFAULT ? null : name })}
          testId="loss-select"
        />
      </Row>
      {task.kl_term && (
        <Row label={t("training.klWeight")} help={t("training.klWeightHelp")}>
          <NumberInput
            value={training.kl_weight ?? 1}
            min={0}
            onCommit={(v) => setTraining({ kl_weight: v ?? 1 })}
            data-testid="kl-weight-input"
          />
        </Row>
      )}
      <p className="training-hint" data-testid="task-metrics">
        {t("training.metrics", { metrics: task.metrics.map((m) => m.title).join(", ") || "–" })}
      </p>
    </Section>
  );
}
