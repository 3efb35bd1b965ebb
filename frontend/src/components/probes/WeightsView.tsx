// A parametrised node's weights and gradients: their histograms, norms and update/weight ratio now and over
// time, and its weight matrix or conv kernels as an image.
import { useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { TensorFrame } from "../../api/frames";
import { formatValue } from "../../lib/probes/scale";
import type { Histogram as Bins } from "../../lib/probes/stats";
import { Histogram } from "./Histogram";
import { NORM_COLORS, NormsChart } from "./NormsChart";
import { useNorms } from "./norms";
import { useWatch } from "./probeStore";
import { useFrame } from "../../state/run";
import { WeightImage } from "./WeightImage";
import { useWidth } from "./useCanvas";

/** Row `row` of a weights frame ([2, B] fractions) with its range; null when that row is unknown. */
function histogramOf(frame: TensorFrame, row: number): Bins | null {
  const ranges = frame.header.ranges;
  const range = Array.isArray(ranges) ? ranges[row] : null;
  if (!Array.isArray(range) || range.length !== 2) return null;
  const bins = frame.header.shape[1] ?? 0;
  return { min: Number(range[0]), max: Number(range[1]), counts: frame.values.subarray(row * bins, (row + 1) * bins) };
}

const stat = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? formatValue(v) : "–");

export function WeightsView({ node, image }: { node: string; image: boolean }) {
  const { t } = useTranslation();
  useWatch({ probe: "weights", node });
  useWatch(image ? { probe: "weight_image", node } : null);
  const weights = useFrame("weights", node);
  const picture = useFrame("weight_image", node);
  const norms = useNorms(true);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  // Two histograms side by side, with room for the gap and a scrollbar.
  const half = Math.max(120, Math.floor((width - 28) / 2));
  const w = useMemo(() => (weights ? histogramOf(weights, 0) : null), [weights]);
  const g = useMemo(() => (weights ? histogramOf(weights, 1) : null), [weights]);
  return (
    <section className="probe-section" aria-label={t("probes.weights.title")} data-testid="weights-view" ref={box}>
      <h3 className="probe-title">
        {t("probes.weights.title")}
        {weights && <span className="probe-step">{t("probes.atStep", { step: weights.header.step })}</span>}
      </h3>
      {!weights && <p className="probe-help">{t("probes.waiting")}</p>}
      {weights && (
        <>
          <dl className="probe-facts" data-testid="weight-facts">
            <dt>{t("probes.norms.weight")}</dt>
            <dd>{stat(weights.header.weight_norm)}</dd>
            <dt>{t("probes.norms.grad")}</dt>
            <dd>{stat(weights.header.grad_norm)}</dd>
            <dt>{t("probes.norms.update_ratio")}</dt>
            <dd>{stat(weights.header.update_ratio)}</dd>
          </dl>
          <div className="histogram-pair">
            {w && (
              <Histogram
                bins={w}
                color={NORM_COLORS.weight}
                label={t("probes.weights.weights")}
                width={half}
                testId="weight-histogram"
              />
            )}
            {g ? (
              <Histogram
                bins={g}
                color={NORM_COLORS.grad}
                label={t("probes.weights.grads")}
                width={half}
                testId="grad-histogram"
              />
            ) : (
              <p className="probe-help">{t("probes.weights.noGrads")}</p>
            )}
          </div>
        </>
      )}
      {norms && norms.nodes.includes(node) && <NormsChart table={norms} node={node} />}
      {picture && width > 0 && <WeightImage frame={picture} width={width} />}
    </section>
  );
}
