// An explainer's form, generated from its JSON Schema: plain fields through SchemaField, masks (grids of 0–1)
// as paintable grids, and other nested values (rows of probabilities, batches) as editable JSON.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ErrorItem, ExplainerInfo, JsonSchema } from "../../api/types";
import { type FieldSpec, fieldsFromSchema, resolveSchema } from "../../lib/schemaForm";
import { SchemaField } from "../SchemaField";
import { MaskGrid } from "./ExplainerViews";

type Values = Record<string, unknown>;

function isGrid(property: JsonSchema | undefined, root: JsonSchema): boolean {
  if (!property) return false;
  const outer = resolveSchema(property, root).schema;
  const inner = outer.items ? resolveSchema(outer.items, root).schema : null;
  const cell = inner?.items ? resolveSchema(inner.items, root).schema : null;
  return inner?.type === "array" && cell?.maximum === 1;
}

function JsonField(props: { field: FieldSpec; value: unknown; onChange: (v: unknown) => void; testId: string }) {
  const [text, setText] = useState(JSON.stringify(props.value));
  const [bad, setBad] = useState(false);
  return (
    <label className="form-field">
      <span className="field-label">{props.field.label}</span>
      <textarea
        className="json-field"
        value={text}
        rows={3}
        data-testid={props.testId}
        aria-invalid={bad}
        onChange={(e) => {
          setText(e.target.value);
          try {
            props.onChange(JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {props.field.description && <p className="field-help">{props.field.description}</p>}
    </label>
  );
}

export function ExplainerForm(props: {
  info: ExplainerInfo;
  values: Values;
  errors: ErrorItem[];
  onChange: (values: Values) => void;
}) {
  const { t } = useTranslation();
  const root = props.info.input_schema;
  const properties = resolveSchema(root, root).schema.properties ?? {};
  const errorFor = (name: string) =>
    props.errors.filter((e) => e.field === name || e.field?.startsWith(`${name}.`)).map((e) => e.message)[0] ?? null;
  const set = (name: string, value: unknown) => props.onChange({ ...props.values, [name]: value });
  return (
    <div className="explainer-form">
      {fieldsFromSchema(root).map((field) => {
        const testId = `explainer-field-${field.name}`;
        const value = props.values[field.name];
        if (isGrid(properties[field.name], root)) {
          return (
            <div className="form-field" key={field.name}>
              <span className="field-label">{field.label}</span>
              <MaskGrid grid={value as number[][]} onPaint={(grid) => set(field.name, grid)} testId={testId} />
              <p className="field-help">{t("lessons.paintHint")}</p>
              {errorFor(field.name) && <p className="field-error">{errorFor(field.name)}</p>}
            </div>
          );
        }
        if (field.kind === "text" && typeof value !== "string" && value !== null) {
          return (
            <JsonField
              key={field.name}
              field={field}
              value={value}
              onChange={(v) => set(field.name, v)}
              testId={testId}
            />
          );
        }
        return (
          <SchemaField
            key={field.name}
            field={field}
            value={value}
            onChange={(v) => set(field.name, v)}
            error={errorFor(field.name)}
            testId={testId}
          />
        );
      })}
    </div>
  );
}
