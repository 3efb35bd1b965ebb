// Which pixels of the pinned image the prediction rests on: gradient saliency, integrated gradients, occlusion
// or Grad-CAM on a chosen convolution node (all Captum's, computed by the server), laid over the image.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFrame } from "../../state/run";
import { HeatOverlay } from "./HeatOverlay";
import { useProbeProblem, useProbes, useWatch } from "./probeStore";
import type { SampleSet } from "./samples";

const METHODS = ["saliency", "integrated_gradients", "occlusion", "grad_cam"] as const;
const SIZE = 220;

export function AttributionView({ samples }: { samples: SampleSet }) {
  const { t } = useTranslation();
  const pinned = useProbes((s) => s.pinned);
  const [method, setMethod] = useState<string>("grad_cam");
  const [layer, setLayer] = useState<string | null>(null);
  const problem = useProbeProblem("attribution");
  const options = method === "grad_cam" && layer ? { method, layer } : { method };
  useWatch({ probe: "attribution", samples: [pinned], options });
  const frame = useFrame("attribution");
  const convs = Array.isArray(frame?.header.conv_nodes) ? (frame.header.conv_nodes as string[]) : [];
  const at = samples.samples.findIndex((s) => s.index === pinned);
  const [, rows = 0, cols = 0] = frame?.header.shape ?? [];
  const names = Array.isArray(frame?.header.target_names) ? (frame.header.target_names as string[]) : [];
  const current = frame && frame.header.method === method;
  // One view per frame, so the overlay redraws only when a new frame comes.
  const heat = useMemo(() => (frame ? frame.values.subarray(0, rows * cols) : null), [frame, rows, cols]);
  return (
    <section
      className="probe-section"
      aria-label={t("probes.attribution.title")}
      data-testid="attribution-view"
      data-method={String(frame?.header.method ?? "")}
      data-step={frame?.header.step ?? ""}
    >
      <h3 className="probe-title">
        {t("probes.attribution.title")}
        {frame && <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>}
      </h3>
      <div className="probe-controls attention-controls">
        <label>
          {t("probes.attribution.method")}{" "}
          <select value={method} onChange={(e) => setMethod(e.target.value)} data-testid="attribution-method">
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`probes.attribution.methods.${m}`)}
              </option>
            ))}
          </select>
        </label>
        {method === "grad_cam" && convs.length > 0 && (
          <label>
            {t("probes.attribution.layer")}{" "}
            <select
              value={layer ?? String(frame?.header.layer ?? convs[convs.length - 1])}
              onChange={(e) => setLayer(e.target.value)}
              data-testid="attribution-layer"
            >
              {convs.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {problem && <p className="field-error">{problem}</p>}
      {!current && !problem && <p className="probe-help">{t("probes.waiting")}</p>}
      {current && heat && at >= 0 && (
        <figure className="probe-figure" data-testid="attribution-overlay">
          <HeatOverlay
            set={samples}
            at={at}
            heat={heat}
            rows={rows}
            cols={cols}
            size={SIZE}
          />
          <figcaption>{t("probes.attribution.caption", { name: names[0] ?? "–" })}</figcaption>
        </figure>
      )}
      <p className="probe-help">{t(`probes.attribution.help.${method}`)}</p>
    </section>
  );
}
