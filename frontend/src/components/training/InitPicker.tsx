// An initialisation: the scheme and, when it has one, its parameter (value, σ, a, gain or nonlinearity).
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { InitSpec } from "../../api/types";
import { NumberInput } from "../NumberInput";

export const INIT_SCHEMES: InitSpec["scheme"][] = [
  "default",
  "zeros",
  "constant",
  "normal",
  "uniform",
  "xavier_uniform",
  "xavier_normal",
  "kaiming_uniform",
  "kaiming_normal",
];

const NONLINEARITIES = ["relu", "leaky_relu", "tanh", "sigmoid", "linear"] as const;

type NumberParam = { key: "value" | "std" | "a" | "gain"; fallback: number; min: number; max: number };

function numberParam(scheme: InitSpec["scheme"]): NumberParam | null {
  if (scheme === "constant") return { key: "value", fallback: 0, min: -100, max: 100 };
  if (scheme === "normal") return { key: "std", fallback: 0.01, min: 0, max: 100 };
  if (scheme === "uniform") return { key: "a", fallback: 0.05, min: 0, max: 100 };
  if (scheme === "xavier_uniform" || scheme === "xavier_normal") return { key: "gain", fallback: 1, min: 0, max: 100 };
  return null;
}

type Props = {
  /** undefined: "inherit" (only offered when `inheritLabel` is given). */
  value: InitSpec | undefined;
  onChange: (value: InitSpec | undefined) => void;
  inheritLabel?: string;
  testId: string;
};

export function InitPicker({ value, onChange, inheritLabel, testId }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const scheme = value?.scheme;
  const param = scheme ? numberParam(scheme) : null;
  const kaiming = scheme === "kaiming_uniform" || scheme === "kaiming_normal";
  return (
    <div className="init-picker">
      <select
        id={id}
        aria-label={t("training.initScheme")}
        value={scheme ?? ""}
        onChange={(e) => onChange(e.target.value ? { scheme: e.target.value as InitSpec["scheme"] } : undefined)}
        data-testid={testId}
      >
        {inheritLabel && <option value="">{inheritLabel}</option>}
        {INIT_SCHEMES.map((s) => (
          <option key={s} value={s}>
            {t(`training.init.${s}`)}
          </option>
        ))}
      </select>
      {param && scheme && (
        <label className="init-param">
          <span>{t(`training.initParam.${param.key}`)}</span>
          <NumberInput
            value={value?.[param.key] ?? param.fallback}
            min={param.min}
            max={param.max}
            onCommit={(v) => onChange({ ...value, scheme, [param.key]: v ?? param.fallback })}
            data-testid={`${testId}-${param.key}`}
          />
        </label>
      )}
      {kaiming && scheme && (
        <label className="init-param">
          <span>{t("training.initParam.nonlinearity")}</span>
          <select
            value={value?.nonlinearity ?? "relu"}
            onChange={(e) =>
              onChange({ ...value, scheme, nonlinearity: e.target.value as (typeof NONLINEARITIES)[number] })
            }
            data-testid={`${testId}-nonlinearity`}
          >
            {NONLINEARITIES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
