// The DATA column: which data set, its options, which input features, and a preview of the points.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { DatasetInfo } from "../../api/types";
import { fieldsFromSchema } from "../../lib/schemaForm";
import { useCatalog } from "../../state/catalog";
import { useData } from "../../state/data";
import { useEditor } from "../../state/editor";
import { SchemaField } from "../SchemaField";
import { SignalSamples, TableHead, TokenSamples } from "./DataSamples";
import { ImageGrid, ImageMosaic } from "./ImageSamples";
import { PointsCanvas } from "./PointsCanvas";
import { UploadSection } from "./UploadSection";

const FEATURES_FIELD = "features";

export function featureKey(name: string): string {
  return `features.${name.replace(/[^A-Za-z0-9]+/g, "_")}`;
}

function DatasetButton({ dataset, active }: { dataset: DatasetInfo; active: boolean }) {
  const { t } = useTranslation();
  const thumbnail = useData((s) => s.thumbnails[dataset.name] ?? null);
  const setDatasetName = useEditor((s) => s.setDatasetName);
  return (
    <button
      type="button"
      className={`dataset-button ${active ? "is-active" : ""}`}
      aria-pressed={active}
      title={dataset.description}
      onClick={() => setDatasetName(dataset.name)}
      data-testid={`dataset-${dataset.name}`}
    >
      {dataset.kind === "images" ? (
        <ImageMosaic images={thumbnail?.images ?? null} size={52} className="dataset-thumb is-images" />
      ) : dataset.kind === "points2d" ? (
        <PointsCanvas preview={thumbnail} size={52} radius={1.3} outline={false} className="dataset-thumb" />
      ) : (
        <span className="dataset-thumb is-other" aria-hidden="true">
          {t(`data.kindShort.${dataset.kind}`, { defaultValue: dataset.kind })}
        </span>
      )}
      <span className="dataset-title">{dataset.title}</span>
    </button>
  );
}

function DatasetPicker() {
  const { t } = useTranslation();
  const datasets = useCatalog((s) => s.datasets);
  const current = useEditor((s) => s.dataset.name);
  // 2-D sets by task, then image sets (whatever their task), then any other kind in a group of its own.
  const points = datasets.filter((d) => d.kind === "points2d");
  const otherKinds = [...new Set(datasets.map((d) => d.kind))].filter((k) => k !== "points2d");
  const groups: { key: string; title: string; items: DatasetInfo[] }[] = [
    {
      key: "classification",
      title: t("data.task.classification"),
      items: points.filter((d) => d.task === "classification"),
    },
    { key: "regression", title: t("data.task.regression"), items: points.filter((d) => d.task !== "classification") },
    ...otherKinds.map((kind) => ({
      key: kind,
      title: t(`data.kind.${kind}`, { defaultValue: kind }),
      items: datasets.filter((d) => d.kind === kind),
    })),
  ];
  return (
    <div className="dataset-picker" data-testid="dataset-picker">
      {groups
        .filter((g) => g.items.length > 0)
        .map((group) => (
          <div key={group.key} className="dataset-group" data-testid={`dataset-group-${group.key}`}>
            <h3 className="group-title">{group.title}</h3>
            <div className="dataset-grid">
              {group.items.map((d) => (
                <DatasetButton key={d.name} dataset={d} active={d.name === current} />
              ))}
            </div>
          </div>
        ))}
    </div>
  );
}

function FeatureToggles({ dataset }: { dataset: DatasetInfo }) {
  const { t } = useTranslation();
  const fields = useMemo(() => fieldsFromSchema(dataset.options_schema), [dataset]);
  const feature = fields.find((f) => f.name === FEATURES_FIELD);
  const chosen = useEditor((s) => s.dataset.options[FEATURES_FIELD]);
  const setOption = useEditor((s) => s.setDatasetOption);
  if (!feature || feature.kind !== "multiselect") return null;
  const selected: unknown[] = Array.isArray(chosen)
    ? chosen
    : Array.isArray(feature.defaultValue)
      ? feature.defaultValue
      : [];
  const toggle = (name: unknown, on: boolean) => {
    // Keep the schema's order, so the Input's columns do not depend on click order.
    const next = feature.options.filter((o) => (o === name ? on : selected.includes(o)));
    setOption(FEATURES_FIELD, next);
  };
  return (
    <section className="panel-section">
      <h3 className="group-title">{t("data.features")}</h3>
      <p className="section-help">{t("data.featuresHelp")}</p>
      <div className="feature-grid">
        {feature.options.map((option) => {
          const name = String(option);
          const on = selected.includes(option);
          return (
            <label key={name} className={`feature-chip ${on ? "is-on" : ""}`} data-testid={`feature-${name}`}>
              <input type="checkbox" checked={on} onChange={(e) => toggle(option, e.target.checked)} />
              <span>{t(featureKey(name), { defaultValue: name })}</span>
            </label>
          );
        })}
      </div>
    </section>
  );
}

function DatasetOptions({ dataset }: { dataset: DatasetInfo }) {
  const { t } = useTranslation();
  const fields = useMemo(
    () => fieldsFromSchema(dataset.options_schema).filter((f) => f.name !== FEATURES_FIELD),
    [dataset],
  );
  const options = useEditor((s) => s.dataset.options);
  const setOption = useEditor((s) => s.setDatasetOption);
  const previewError = useData((s) => s.previewError);
  return (
    <section className="panel-section">
      <h3 className="group-title">{t("data.options")}</h3>
      {fields.map((field) => (
        <SchemaField
          key={field.name}
          field={field}
          value={options[field.name]}
          onChange={(v) => setOption(field.name, v)}
          sliders
          format={field.name.includes("ratio") ? (v) => `${Math.round(v * 100)}%` : undefined}
          testId={`option-${field.name}`}
        />
      ))}
      {previewError && (
        <p className="field-error" role="alert" data-testid="options-error">
          {previewError}
        </p>
      )}
    </section>
  );
}

export function DataPanel() {
  const { t } = useTranslation();
  const datasets = useCatalog((s) => s.datasets);
  const name = useEditor((s) => s.dataset.name);
  const showTest = useEditor((s) => s.showTestData);
  const preview = useData((s) => s.preview);
  const dataset = datasets.find((d) => d.name === name);
  return (
    <aside className="column data-column" aria-label={t("data.title")}>
      <h2 className="column-title">{t("data.title")}</h2>
      <p className="section-help">{t("data.pick")}</p>
      <DatasetPicker />
      <UploadSection />
      {dataset && (
        <>
          <p className="dataset-description" data-testid="dataset-description">
            {dataset.description}
          </p>
          <DatasetOptions dataset={dataset} />
          <FeatureToggles dataset={dataset} />
          {dataset.kind === "images" ? (
            <section className="panel-section">
              <h3 className="group-title">{t("data.samples")}</h3>
              <ImageGrid images={preview?.images ?? null} testId="image-samples" />
            </section>
          ) : dataset.kind !== "points2d" ? (
            <section className="panel-section">
              <h3 className="group-title">{t("data.preview")}</h3>
              {preview?.table ? (
                <TableHead table={preview.table} />
              ) : preview?.tokens ? (
                <TokenSamples tokens={preview.tokens} />
              ) : preview?.sequences ? (
                <SignalSamples sequences={preview.sequences} />
              ) : (
                <p className="section-help" data-testid="no-preview">
                  {t("data.noPreview")}
                </p>
              )}
            </section>
          ) : (
            <section className="panel-section">
              <h3 className="group-title">{t("data.preview")}</h3>
              <PointsCanvas
                preview={preview}
                size={200}
                radius={2.6}
                showTest={showTest}
                className="preview-canvas"
                testId="data-preview"
                label={t("data.previewLabel")}
              />
            </section>
          )}
        </>
      )}
    </aside>
  );
}
