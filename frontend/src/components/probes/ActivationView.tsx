// What a node outputs for the pinned test sample, with the sample beside it: feature maps, a sequence heatmap
// or bars, under a per-channel, per-layer or global colour range.
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { framePlanes, samplePlanes } from "../../lib/probes/planes";
import type { RangeMode } from "../../lib/probes/scale";
import { RangeSwitch, ZeroLegend } from "./Legend";
import { useProbeProblem, useProbes, useWatch } from "./probeStore";
import { useFrame, useRunState } from "../../state/run";
import { className, type SampleSet } from "./samples";
import { SampleThumb } from "./SampleThumb";
import { TensorPlanes } from "./TensorPlanes";
import { useWidth } from "./useCanvas";

const INPUT_SIZE = 96;

/** The largest |value| over every activation frame on screen, for the global range; 0 (and no scan on every
 * store update) unless `enabled`. */
function useGlobalMax(enabled: boolean): number {
  return useRunState((s) => {
    if (!enabled) return 0;
    let best = 0;
    for (const frame of Object.values(s.frames.activations ?? {})) {
      for (const key of ["plane_lo", "plane_hi"] as const) {
        const list = frame.header[key];
        if (Array.isArray(list)) for (const v of list) if (typeof v === "number") best = Math.max(best, Math.abs(v));
      }
    }
    return best;
  });
}

export function ActivationView({ node, samples }: { node: string; samples: SampleSet | null }) {
  const { t } = useTranslation();
  const pinned = useProbes((s) => s.pinned);
  const problem = useProbeProblem("activations", node);
  useWatch({ probe: "activations", node, samples: [pinned] });
  const frame = useFrame("activations", node);
  const [mode, setMode] = useState<RangeMode>("layer");
  const globalMax = useGlobalMax(mode === "global");
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const planes = useMemo(() => (frame ? samplePlanes(framePlanes(frame), 0) : null), [frame]);
  const layout = typeof frame?.header.layout === "string" ? frame.header.layout : undefined;
  const at = samples?.samples.findIndex((s) => s.index === pinned) ?? -1;
  const sample = samples && at >= 0 ? samples.samples[at] : null;
  const half = planes
    ? mode === "global"
      ? Math.max(globalMax, ...planes.planeMax)
      : Math.max(...planes.planeMax)
    : 1;

  return (
    <section
      className="probe-section"
      aria-label={t("probes.activations.title")}
      data-testid="activation-view"
      data-step={frame?.header.step ?? ""}
      data-sample={Array.isArray(frame?.header.samples) ? String(frame.header.samples[0]) : ""}
    >
      <h3 className="probe-title">
        {t("probes.activations.title")}
        {frame && <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>}
      </h3>
      <div className="activation-body">
        {samples && sample && (
          <figure className="probe-input" data-testid="activation-input">
            <SampleThumb set={samples} at={at} size={INPUT_SIZE} />
            <figcaption>
              {t("probes.activations.input", { index: pinned, label: className(samples, sample.label) })}
            </figcaption>
          </figure>
        )}
        <div className="activation-maps" ref={box}>
          {problem && <p className="field-error">{problem}</p>}
          {!frame && !problem && <p className="probe-help">{t("probes.waiting")}</p>}
          {planes && width > 0 && (
            <TensorPlanes
              planes={planes}
              layout={layout}
              mode={mode}
              globalMax={globalMax}
              width={width}
              testId="feature-maps"
            />
          )}
        </div>
      </div>
      {planes && (
        <div className="probe-controls">
          <ZeroLegend half={half} perChannel={mode === "channel"} />
          <RangeSwitch mode={mode} onChange={setMode} />
        </div>
      )}
    </section>
  );
}
