// The zero-centred colour key of a tensor view, the switch between per-channel, per-layer and global ranges, and
// the row of radio buttons such switches are made of.
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

type SwitchProps<T extends string> = {
  choices: readonly T[];
  value: T;
  onChange: (choice: T) => void;
  label: string;
  text: (choice: T) => string;
  hint?: (choice: T) => string;
  testId: string;
};

/** One of a few choices of a probe view as a row of radio buttons (a range, a layout). */
export function ProbeSwitch<T extends string>({ choices, value, onChange, label, text, hint, testId }: SwitchProps<T>) {
  return (
    <div className="probe-switch" role="radiogroup" aria-label={label} data-testid={`${testId}-switch`}>
      {choices.map((c) => (
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={value === c}
          className={value === c ? "is-on" : undefined}
          onClick={() => onChange(c)}
          data-testid={`${testId}-${c}`}
          title={hint?.(c)}
        >
          {text(c)}
        </button>
      ))}
    </div>
  );
}

export function RangeSwitch({ mode, onChange }: { mode: RangeMode; onChange: (mode: RangeMode) => void }) {
  const { t } = useTranslation();
  return (
    <ProbeSwitch
      choices={RANGE_MODES}
      value={mode}
      onChange={onChange}
      label={t("probes.range.label")}
      text={(m) => t(`probes.range.${m}`)}
      hint={(m) => t(`probes.range.${m}Hint`)}
      testId="range"
    />
  );
}
