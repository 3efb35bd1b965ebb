// One explainer: its form (from the JSON Schema) on the left, the server's worked result on the right,
// recomputed as the values change.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client";
import type { ErrorItem, ExplainerInfo } from "../../api/types";
import { ExplainerForm } from "./ExplainerForm";
import { ExplainerResult } from "./ExplainerViews";

export function ExplainerPanel({ info, initial }: { info: ExplainerInfo; initial: Record<string, unknown> }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, unknown>>({ ...info.defaults, ...initial });
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [errors, setErrors] = useState<ErrorItem[]>([]);

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      api.explain(info.name, values).then(
        (answer) => {
          if (!current) return;
          setResult(answer);
          setErrors([]);
        },
        (err: unknown) => {
          if (!current) return;
          setErrors(
            err instanceof ApiError
              ? err.items.length
                ? err.items
                : [{ node: null, field: null, message: err.message }]
              : [],
          );
        },
      );
    }, 150);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [info.name, values]);

  return (
    <section className="explainer" data-testid={`explainer-${info.name}`} aria-label={info.title}>
      <header>
        <h3>{info.title}</h3>
        <p className="section-help">{info.description}</p>
      </header>
      <div className="explainer-body">
        <ExplainerForm info={info} values={values} errors={errors} onChange={setValues} />
        <div className="explainer-result" data-testid="explainer-result" aria-live="polite">
          {errors.length > 0 && (
            <p className="field-error" role="alert" data-testid="explainer-error">
              {errors.map((e) => e.message).join(" · ")}
            </p>
          )}
          {result ? (
            <ExplainerResult view={info.view} result={result} />
          ) : (
            <p className="section-help">{t("lessons.computing")}</p>
          )}
        </div>
      </div>
    </section>
  );
}
