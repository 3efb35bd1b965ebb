// The upload dialog: choose a file and its kind, the kind's options (generated from its schema; a CSV's target
// is chosen among the columns of its header, read here in the browser), then send it with a progress bar.
// A refused file shows the server's messages, which name the file, row and column.
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type UploadIssue, UploadError, type UploadKindName, sendUpload } from "../../api/uploads";
import type { JsonSchema } from "../../api/types";
import { guessTarget, readCsvHeader } from "../../lib/csvHeader";
import { type FieldSpec, fieldsFromSchema } from "../../lib/schemaForm";
import { useUploads } from "../../state/uploads";
import { CloseIcon } from "../Icons";
import { Backdrop } from "../Overlay";
import { SchemaField } from "../SchemaField";

const HEADER_CHOICES = "csv-header";
type Phase = { name: "idle" } | { name: "sending"; share: number } | { name: "importing" };

/** Fields whose choices are the file's header row: a select of those columns. */
function withColumns(fields: FieldSpec[], schema: JsonSchema, columns: string[]): FieldSpec[] {
  return fields.map((f) => {
    const raw = schema.properties?.[f.name] as Record<string, unknown> | undefined;
    return raw?.["x-choices"] === HEADER_CHOICES ? { ...f, kind: "select", options: columns } : f;
  });
}

function headerFields(schema: JsonSchema): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, s]) => (s as Record<string, unknown>)["x-choices"] === HEADER_CHOICES)
    .map(([name]) => name);
}

function Progress({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  if (phase.name === "idle") return null;
  const share = phase.name === "sending" ? phase.share : 1;
  return (
    <div className="upload-progress" data-testid="upload-progress">
      <progress value={share} max={1} aria-label={t("uploads.progress")} />
      <span>
        {phase.name === "sending"
          ? t("uploads.sending", { percent: Math.round(share * 100) })
          : t("uploads.importing")}
      </span>
    </div>
  );
}

function Issues({ issues }: { issues: UploadIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="upload-issues" role="alert" data-testid="upload-errors">
      {issues.map((issue, i) => (
        <li key={i} className="field-error">
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

export function UploadDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const kinds = useUploads((s) => s.kinds);
  const limits = useUploads((s) => s.limits);
  const added = useUploads((s) => s.added);
  const [kindName, setKindName] = useState<UploadKindName>("csv");
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [options, setOptions] = useState<Record<string, unknown>>({});
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const [issues, setIssues] = useState<UploadIssue[]>([]);
  const kind = kinds.find((k) => k.name === kindName);
  const schema = (kind?.options_schema ?? {}) as JsonSchema;
  const fields = useMemo(() => withColumns(fieldsFromSchema(schema), schema, columns), [schema, columns]);

  useEffect(() => {
    if (!file || headerFields(schema).length === 0) return;
    let live = true;
    readCsvHeader(file)
      .then((names) => {
        if (!live) return;
        setColumns(names);
        setOptions((o) => ({ ...o, ...Object.fromEntries(headerFields(schema).map((n) => [n, guessTarget(names)])) }));
      })
      .catch(() => live && setColumns([]));
    return () => {
      live = false;
    };
  }, [file, schema]);

  const chooseKind = (name: UploadKindName) => {
    setKindName(name);
    setOptions({});
    setIssues([]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || phase.name !== "idle") return;
    setIssues([]);
    if (limits && file.size > limits.max_upload_mb * 1024 * 1024) {
      setIssues([{ file: file.name, message: t("uploads.tooLarge", { name: file.name, mb: limits.max_upload_mb }) }]);
      return;
    }
    setPhase({ name: "sending", share: 0 });
    try {
      const upload = await sendUpload({ file, kind: kindName, options }, (share) =>
        setPhase(share >= 1 ? { name: "importing" } : { name: "sending", share }),
      );
      await added(upload);
      onClose();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setIssues(err instanceof UploadError && err.issues.length > 0 ? err.issues : [{ message }]);
      setPhase({ name: "idle" });
    }
  };

  return (
    <Backdrop onClose={phase.name === "idle" ? onClose : () => undefined}>
      <form
        className="dialog upload-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="upload-title"
        onSubmit={(e) => void submit(e)}
        data-testid="upload-dialog"
      >
        <header className="dialog-head">
          <h2 id="upload-title">{t("uploads.title")}</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label={t("uploads.close")}>
            <CloseIcon size={16} />
          </button>
        </header>
        <p className="section-help">{t("uploads.help")}</p>
        <fieldset className="upload-kinds">
          <legend className="group-title">{t("uploads.kind")}</legend>
          {kinds.map((k) => (
            <label key={k.name} className={`upload-kind ${k.name === kindName ? "is-on" : ""}`} title={k.description}>
              <input
                type="radio"
                name="upload-kind"
                checked={k.name === kindName}
                onChange={() => chooseKind(k.name as UploadKindName)}
                data-testid={`upload-kind-${k.name}`}
              />
              <span className="upload-kind-title">{t(`uploads.kinds.${k.name}.title`, { defaultValue: k.title })}</span>
              <span className="upload-kind-help">{t(`uploads.kinds.${k.name}.help`, { defaultValue: k.description })}</span>
            </label>
          ))}
        </fieldset>
        <label className="upload-file">
          <span className="group-title">{t("uploads.file")}</span>
          <input
            type="file"
            accept={kind?.suffixes.join(",")}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setIssues([]);
            }}
            data-testid="upload-file"
          />
        </label>
        {limits && (
          <p className="field-help" data-testid="upload-limits">
            {t(`uploads.limits.${kindName}`, limits)}
          </p>
        )}
        <div className="upload-options">
          {fields.map((field) => (
            <SchemaField
              key={field.name}
              field={field}
              value={options[field.name]}
              onChange={(v) => setOptions((o) => ({ ...o, [field.name]: v }))}
              testId={`upload-option-${field.name}`}
            />
          ))}
        </div>
        <Progress phase={phase} />
        <Issues issues={issues} />
        <div className="block-name-buttons">
          <button type="button" className="tool-button" onClick={onClose} disabled={phase.name !== "idle"}>
            {t("uploads.cancel")}
          </button>
          <button
            type="submit"
            className="tool-button is-primary"
            disabled={!file || phase.name !== "idle"}
            data-testid="upload-send"
          >
            {t("uploads.send")}
          </button>
        </div>
      </form>
    </Backdrop>
  );
}
