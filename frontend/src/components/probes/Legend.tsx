// The zero-centred colour key of a tensor view, and the switch between per-channel, per-layer and global ranges.
import { useTranslation } from "react-i18next";
import { rgbCss } from "../../lib/colors";
import { RANGE_MODES, type RangeMode, legendLabels, zeroCentred } from "../../lib/probes/scale";

const GRADIENT = `linear-gradient(to right, ${rgbCss(zeroCentred(-1, 1))}, ${rgbCss(zeroCentred(0, 1))}, ${rgbCss(
  zeroCentred(1, 1),
)})`;

/** half: the range's half-width, or null when each channel has its own (the legend then reads ±max). */
export function ZeroLegend({ half, perChannel = false }: { half: number; perChannel?: boolean }) {
  const { t } = useTranslation();
  const [low, zero, high] = legendLabels(half);
  return (
    <div className="probe-legend" data-testid="probe-legend">
      <span>{perChannel ? t("probes.legend.lowEach") : low}</span>
      <span className="probe-legend-bar" style={{ background: GRADIENT }}>
        <span className="probe-legend-zero">{zero}</span>
      </span>
      <span>{perChannel ? t("probes.legend.highEach") : high}</span>
    </div>
  );
}

export function RangeSwitch({ mode, onChange }: { mode: RangeMode; onChange: (mode: RangeMode) => void }) {
  const { t } = useTranslation();
  return (
    <div className="probe-switch" role="radiogroup" aria-label={t("probes.range.label")} data-testid="range-switch">
      {RANGE_MODES.map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={mode === m}
          className={mode === m ? "is-on" : undefined}
          onClick={() => onChange(m)}
          data-testid={`range-${m}`}
          title={t(`probes.range.${m}Hint`)}
        >
          {t(`probes.range.${m}`)}
        </button>
      ))}
    </div>
  );
}
