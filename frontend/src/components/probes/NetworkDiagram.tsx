// A small MLP on 2-D points drawn as TensorFlow Playground draws it: a column of units per layer and an edge
// per weight, blue for positive and orange for negative, as thick as the weight is large.
import { useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { rgbCss } from "../../lib/colors";
import { type DenseWeights, denseChain, drawable, networkDiagram } from "../../lib/probes/network";
import { zeroCentred } from "../../lib/probes/scale";
import { useFrames } from "../../state/run";
import { useShownEdges, useShownNodes } from "../../state/shown";
import { useWatch } from "./probeStore";
import { useDrawing, useWidth } from "./useCanvas";

const HEIGHT = 200;
const RADIUS = 7;

function WatchWeights({ node }: { node: string }) {
  useWatch({ probe: "weight_image", node });
  return null;
}

export function NetworkDiagram() {
  const { t } = useTranslation();
  const nodes = useShownNodes();
  const edges = useShownEdges();
  const chain = useMemo(
    () =>
      denseChain(
        nodes.map((n) => ({ id: n.id, type: n.data.layerType })),
        edges,
      ),
    [nodes, edges],
  );
  const key = chain?.join(",") ?? "";
  const frames = useFrames("weight_image");
  const layers = useMemo(() => {
    const out: DenseWeights[] = [];
    for (const node of chain ?? []) {
      const frame = frames?.[node];
      if (!frame || frame.header.shape.length !== 2) return null;
      const [outputs, inputs] = frame.header.shape;
      out.push({ node, outputs, inputs, values: frame.values });
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, frames]);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const canvas = useDrawing(
    width,
    HEIGHT,
    (ctx) => {
      if (!layers || !drawable(layers)) return;
      const { units, edges } = networkDiagram(layers, width - 2 * RADIUS - 4, HEIGHT - 2 * RADIUS - 4, 4);
      ctx.translate(RADIUS + 2, RADIUS + 2);
      for (const edge of edges) {
        ctx.strokeStyle = rgbCss(zeroCentred(edge.positive ? 1 : -1, 1), 0.85);
        ctx.lineWidth = edge.width;
        ctx.beginPath();
        ctx.moveTo(edge.from.x, edge.from.y);
        ctx.lineTo(edge.to.x, edge.to.y);
        ctx.stroke();
      }
      ctx.fillStyle = "#ffffff";
      ctx.strokeStyle = "#1b1f24";
      ctx.lineWidth = 1.5;
      for (const unit of units.flat()) {
        ctx.beginPath();
        ctx.arc(unit.x, unit.y, RADIUS, 0, Math.PI * 2);
        ctx.fill();
        ctx.stroke();
      }
    },
    [layers],
  );
  if (!chain || chain.length === 0) return null;
  const shown = layers !== null && drawable(layers);
  return (
    <section className="probe-section" aria-label={t("probes.network.title")} ref={box}>
      {chain.map((node) => (
        <WatchWeights key={node} node={node} />
      ))}
      {layers && !drawable(layers) ? null : (
        <>
          <h3 className="probe-title">{t("probes.network.title")}</h3>
          <p className="probe-help">{t("probes.network.help")}</p>
          {shown && width > 0 && (
            <canvas
              ref={canvas}
              style={{ width, height: HEIGHT }}
              role="img"
              aria-label={t("probes.network.title")}
              data-testid="network-diagram"
              data-layers={layers.length}
            />
          )}
        </>
      )}
    </section>
  );
}
