// One form control generated from a JSON-Schema field (see lib/schemaForm.ts).
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { type FieldSpec, formatFieldValue, parseFieldInput, prefersSlider } from "../lib/schemaForm";
import { TextInput } from "./TextInput";
import { NumberInput } from "./NumberInput";

type Props = {
  field: FieldSpec;
  /** The value set by the user; undefined shows the schema default. */
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string | null;
  /** Bounded numbers as sliders (data options) or always as boxes (layer parameters). */
  sliders?: boolean;
  testId: string;
  /** Display of a slider's value, e.g. as a percentage. */
  format?: (value: number) => string;
};

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

export function SchemaField({ field, value, onChange, error, sliders = false, testId, format }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const current = value === undefined ? field.defaultValue : value;
  const help = field.description ? <p className="field-help">{field.description}</p> : null;
  const problem = error ? (
    <p className="field-error" role="alert" data-testid={`${testId}-error`}>
      {error}
    </p>
  ) : null;

  if (field.kind === "checkbox") {
    return (
      <div className="form-field">
        <label className="check">
          <input
            type="checkbox"
            checked={current === true}
            onChange={(e) => onChange(e.target.checked)}
            data-testid={testId}
          />
          <span>{field.label}</span>
        </label>
        {help}
        {problem}
      </div>
    );
  }

  let control: ReactNode;
  if (field.kind === "number" && sliders && prefersSlider(field)) {
    const numeric = typeof current === "number" ? current : (field.min ?? 0);
    const span = (field.max ?? 1) - (field.min ?? 0);
    const step = field.step === "any" ? (span <= 1 ? 0.05 : span <= 10 ? 0.5 : 1) : field.step;
    control = (
      <div className="slider-row">
        <input
          id={id}
          type="range"
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          step={step}
          value={numeric}
          onChange={(e) => onChange(Number(e.target.value))}
          data-testid={testId}
        />
        <output htmlFor={id}>{format ? format(numeric) : formatNumber(numeric)}</output>
      </div>
    );
  } else if (field.kind === "number") {
    control = (
      <NumberInput
        id={id}
        value={typeof current === "number" ? current : null}
        min={field.min}
        max={field.max}
        step={field.step}
        integer={field.integer}
        placeholder={field.nullable ? t("inspector.none") : undefined}
        invalid={Boolean(error)}
        onCommit={(v) => onChange(v === undefined && field.nullable ? null : v)}
        data-testid={testId}
      />
    );
  } else if (field.kind === "select") {
    control = (
      <select
        id={id}
        value={current === null || current === undefined ? "" : String(current)}
        onChange={(e) => onChange(parseFieldInput(field, e.target.value))}
        aria-invalid={Boolean(error) || undefined}
        data-testid={testId}
      >
        {(field.nullable || current === undefined) && <option value="">{t("inspector.none")}</option>}
        {field.options.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "multiselect") {
    const selected = Array.isArray(current) ? current : [];
    control = (
      <div className="multi" id={id}>
        {field.options.map((option) => (
          <label key={String(option)} className="check">
            <input
              type="checkbox"
              checked={selected.includes(option)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, option] : selected.filter((o) => o !== option))
              }
            />
            <span>{String(option)}</span>
          </label>
        ))}
      </div>
    );
  } else {
    const listId = `${id}-choices`;
    const hint =
      field.kind === "numberOrChoice"
        ? t("inspector.numberOrChoice", { choices: field.options.map(String).join(", ") })
        : field.kind === "list"
          ? t("inspector.listHint")
          : undefined;
    control = (
      <>
        <TextInput
          id={id}
          value={formatFieldValue(current)}
          placeholder={hint}
          list={field.kind === "numberOrChoice" ? listId : undefined}
          invalid={Boolean(error)}
          onCommit={(text) => onChange(parseFieldInput(field, text))}
          data-testid={testId}
        />
        {field.kind === "numberOrChoice" && (
          <datalist id={listId}>
            {field.options.map((option) => (
              <option key={String(option)} value={String(option)} />
            ))}
          </datalist>
        )}
      </>
    );
  }

  return (
    <div className={`form-field ${error ? "has-error" : ""}`}>
      <label className="field-label" htmlFor={id}>
        {field.label}
        {field.min !== null && field.max !== null && field.kind === "number" && !sliders && (
          <span className="field-range"> {t("inspector.range", { min: field.min, max: field.max })}</span>
        )}
      </label>
      {control}
      {help}
      {problem}
    </div>
  );
}
