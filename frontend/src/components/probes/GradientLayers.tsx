// The newest gradient norm of every parametrised node, first layer on the left, on a log axis: in a deep
// sigmoid stack the bars fall by orders of magnitude towards the input; with ReLU they stay level.
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatValue } from "../../lib/probes/scale";
import { gradientDecades, latestPerNode, type NormsTable } from "../../lib/probes/stats";
import { NORM_COLORS } from "./NormsChart";
import { useDrawing, useWidth } from "./useCanvas";

const HEIGHT = 130;
const AXIS = 40;

function decadeRange(values: readonly (number | null)[]): [number, number] {
  const logs = values.filter((v): v is number => v !== null && v > 0).map(Math.log10);
  if (!logs.length) return [-3, 0];
  const low = Math.floor(Math.min(...logs));
  const high = Math.ceil(Math.max(...logs));
  return [low, high > low ? high : low + 1];
}

export function GradientLayers({ table }: { table: NormsTable }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const grads = latestPerNode(table, "grad");
  const [low, high] = decadeRange(grads);
  const decades = gradientDecades(grads);
  const canvas = useDrawing(
    width,
    HEIGHT,
    (ctx) => {
      const plotW = width - AXIS;
      const plotH = HEIGHT - 18;
      ctx.font = "11px 'Inter Variable', system-ui, sans-serif";
      ctx.fillStyle = "#5b6678";
      ctx.strokeStyle = "#eef1f5";
      for (let d = low; d <= high; d++) {
        const y = plotH - ((d - low) / (high - low)) * plotH;
        ctx.fillText(formatValue(10 ** d), 0, Math.max(10, y + 4));
        ctx.beginPath();
        ctx.moveTo(AXIS, y + 0.5);
        ctx.lineTo(width, y + 0.5);
        ctx.stroke();
      }
      const slot = plotW / Math.max(1, grads.length);
      grads.forEach((g, i) => {
        const x = AXIS + i * slot;
        if (g !== null && g > 0) {
          const h = ((Math.log10(g) - low) / (high - low)) * plotH;
          ctx.fillStyle = NORM_COLORS.grad;
          ctx.fillRect(x + slot * 0.15, plotH - h, slot * 0.7, h);
        }
        ctx.fillStyle = "#1b1f24";
        ctx.save();
        ctx.translate(x + slot / 2, HEIGHT - 4);
        ctx.textAlign = "center";
        ctx.fillText(table.nodes[i].slice(0, Math.max(3, Math.floor(slot / 7))), 0, 0);
        ctx.restore();
      });
    },
    [table, low, high],
  );
  return (
    <section className="probe-section" aria-label={t("probes.gradients.title")}>
      <h3 className="probe-title">{t("probes.gradients.title")}</h3>
      <p className="probe-help">{t("probes.gradients.help")}</p>
      <div ref={box}>
        <canvas
          ref={canvas}
          style={{ width, height: HEIGHT }}
          role="img"
          aria-label={t("probes.gradients.title")}
          data-testid="gradient-layers"
        />
      </div>
      {decades !== null && (
        <p className="probe-reading" data-testid="gradient-decades" data-value={decades}>
          {Math.abs(decades) < 1
            ? t("probes.gradients.level")
            : t("probes.gradients.fall", { decades: Math.abs(decades).toFixed(1) })}
        </p>
      )}
    </section>
  );
}
