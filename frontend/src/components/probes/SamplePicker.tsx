// Test examples to pin: each with its label, the network's current prediction and its confidence. The pinned
// one is what the activation and prediction views look at.
import { useTranslation } from "react-i18next";
import { useProbes } from "./probeStore";
import { className, type SampleSet } from "./samples";
import { SampleThumb } from "./SampleThumb";

const THUMB = 48;

export function SamplePicker({ set }: { set: SampleSet }) {
  const { t } = useTranslation();
  const pinned = useProbes((s) => s.pinned);
  const pin = useProbes((s) => s.pin);
  return (
    <section className="probe-section" aria-label={t("probes.samples.title")}>
      <h3 className="probe-title">{t("probes.samples.title")}</h3>
      <p className="probe-help">{t("probes.samples.help")}</p>
      <ul className="sample-picker" data-testid="sample-picker">
        {set.samples.map((sample, at) => {
          const known = sample.predicted !== null && sample.label !== null;
          const right = known && sample.predicted === sample.label;
          return (
            <li key={sample.index}>
              <button
                type="button"
                className={`sample-choice${sample.index === pinned ? " is-pinned" : ""}`}
                aria-pressed={sample.index === pinned}
                onClick={() => pin(sample.index)}
                data-testid={`sample-${sample.index}`}
                title={t("probes.samples.choiceHint", {
                  label: className(set, sample.label),
                  predicted: className(set, sample.predicted),
                })}
              >
                <SampleThumb set={set} at={at} size={THUMB} />
                <span className="sample-label">{className(set, sample.label)}</span>
                {sample.predicted !== null && (
                  <span className={`sample-prediction ${right ? "is-right" : "is-wrong"}`}>
                    → {className(set, sample.predicted)}
                    {sample.confidence !== null && ` ${Math.round(sample.confidence * 100)}%`}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
