// The template gallery: the classic architectures from GET /api/templates, each loadable onto the canvas.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Template, TemplateInput } from "../../api/types";
import { useEditor } from "../../state/editor";
import { reportError } from "../../state/notices";
import { Dialog } from "../Overlay";
import { loadGraph } from "./graphTransfer";

function useTemplates(): { templates: Template[] | null; failed: boolean } {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api.templates().then(
      (list) => live && setTemplates(list),
      (err: unknown) => {
        if (!live) return;
        setFailed(true);
        reportError(t("templates.loadFailed"), err);
      },
    );
    return () => {
      live = false;
    };
  }, [t]);
  return { templates, failed };
}

function InputLabel({ input }: { input: TemplateInput }) {
  const { t } = useTranslation();
  const shape = input.shape.join("×");
  const kind = t(`templates.kind.${input.kind}`, { defaultValue: input.kind });
  return (
    <span className="template-input">
      {t("templates.expects")} <strong>{kind}</strong> <code>{shape}</code>
      {input.vocab_size != null && <> · {t("templates.vocab", { count: input.vocab_size })}</>}
    </span>
  );
}

/** What the template's own training settings reach, e.g. "Learns to 97% test accuracy in 10 epochs"; nothing for
 * a design-only template, which is not trained here. */
function TargetLabel({ template }: { template: Template }) {
  const { t } = useTranslation();
  if (template.target === null) return null;
  const { metric, value } = template.target;
  const reach = metric === "accuracy" ? `${Math.round(value * 100)}%` : String(value);
  return (
    <span className="template-input" data-testid={`template-target-${template.id}`}>
      {t(`templates.target.${metric}`, { value: reach, count: template.training.epochs })}
    </span>
  );
}

export function TemplateGallery({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { templates, failed } = useTemplates();
  const [busy, setBusy] = useState<string | null>(null);

  const choose = async (template: Template) => {
    if (
      useEditor.getState().nodes.length > 0 &&
      !window.confirm(t("templates.confirmReplace", { title: template.title }))
    ) {
      return;
    }
    setBusy(template.id);
    try {
      if (await loadGraph(template.graph, template.dataset ?? undefined)) {
        // The template's own settings (optimizer, learning rate, batch size, epochs): it learns as it is.
        useEditor.getState().setTraining(template.training);
        onClose();
      }
    } catch (err) {
      reportError(t("templates.loadFailed"), err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog
      name="template"
      title={t("templates.title")}
      closeLabel={t("templates.close")}
      onClose={onClose}
      testId="template-gallery"
    >
      <p className="section-help">{t("templates.help")}</p>
      {templates === null && !failed && <p className="section-help">{t("templates.loading")}</p>}
      {failed && <p className="field-error">{t("templates.loadFailed")}</p>}
      <ul className="template-list">
        {templates?.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              className="template-card"
              onClick={() => void choose(template)}
              disabled={busy !== null}
              data-testid={`template-${template.id}`}
            >
              <span className="template-title">{template.title}</span>
              <span className="template-desc">{template.description}</span>
              <InputLabel input={template.input} />
              <TargetLabel template={template} />
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
