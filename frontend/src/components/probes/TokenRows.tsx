// Token predictions: for each sample, a row of the predicted token at every position over the target token,
// green where they agree and red where not, faded by the prediction's confidence.
import { useTranslation } from "react-i18next";
import type { TensorFrame } from "../../api/frames";

const rows = (v: unknown): number[][] =>
  Array.isArray(v) ? v.map((r) => (Array.isArray(r) ? r.map(Number) : [])) : [];

export function TokenRows({ frame, labelOf }: { frame: TensorFrame; labelOf: (s: number) => string }) {
  const { t } = useTranslation();
  const predicted = rows(frame.header.predicted);
  const target = rows(frame.header.target);
  const length = frame.header.shape[1] ?? 0;
  return (
    <div className="token-rows" data-testid="token-rows">
      {predicted.map((row, s) => (
        <div key={s} className="token-sample">
          <span className="prediction-sample">{labelOf(s)}</span>
          <div className="token-grid" style={{ gridTemplateColumns: `auto repeat(${length}, minmax(0, 1fr))` }}>
            <span className="token-head">{t("probes.predictions.predictedTokens")}</span>
            {row.map((token, i) => {
              const right = token === target[s]?.[i];
              const confidence = frame.values[s * length + i] ?? 1;
              return (
                <span
                  key={i}
                  className={`token ${right ? "is-right" : "is-wrong"}`}
                  style={{ opacity: 0.45 + 0.55 * confidence }}
                  title={`${Math.round(confidence * 100)}%`}
                >
                  {token}
                </span>
              );
            })}
            <span className="token-head">{t("probes.predictions.targetTokens")}</span>
            {(target[s] ?? []).map((token, i) => (
              <span key={i} className="token is-target">
                {token}
              </span>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
