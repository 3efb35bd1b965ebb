// For 2-D points: what each unit of a hidden layer outputs over the input plane, as TensorFlow Playground's
// neuron thumbnails; each unit on its own range centred on zero (orange negative, blue positive).
import { useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { framePlanes } from "../../lib/probes/planes";
import { ZeroLegend } from "./Legend";
import { useWatch } from "./probeStore";
import { useFrame } from "../../state/run";
import { TensorPlanes } from "./TensorPlanes";
import { useWidth } from "./useCanvas";

export function UnitMaps({ node }: { node: string }) {
  const { t } = useTranslation();
  useWatch({ probe: "unit_maps", node });
  const frame = useFrame("unit_maps", node);
  const planes = useMemo(() => (frame ? framePlanes(frame) : null), [frame]);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  return (
    <section className="probe-section" aria-label={t("probes.units.title")} data-testid="unit-maps-view" ref={box}>
      <h3 className="probe-title">
        {t("probes.units.title")}
        {frame && <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>}
      </h3>
      <p className="probe-help">{t("probes.units.help")}</p>
      {!planes && <p className="probe-help">{t("probes.waiting")}</p>}
      {planes && width > 0 && (
        <>
          <TensorPlanes planes={planes} layout="maps" mode="channel" globalMax={0} width={width} testId="unit-maps" />
          <ZeroLegend half={1} perChannel />
        </>
      )}
    </section>
  );
}
