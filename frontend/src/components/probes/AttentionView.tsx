// Attention of the selected node for the pinned sample: one head large with the tokens on both axes (queries
// down, keys across), or every head at once as a grid; weights or pre-softmax scores; the node (layer) and,
// for a decoder block, self- or cross-attention chosen here. A vision transformer's class token attention is
// laid over the image.
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { rgbCss } from "../../lib/colors";
import {
  attentionColor,
  cell,
  classTokenMap,
  headRange,
  readAttention,
  type AttentionMaps,
} from "../../lib/probes/attention";
import { formatValue } from "../../lib/probes/scale";
import { useFrame } from "../../state/run";
import { useProbeProblem, useProbes, useWatch } from "./probeStore";
import { useSamples } from "./samples";
import { HeatOverlay } from "./HeatOverlay";
import { useDrawing, useWidth } from "./useCanvas";

const LABEL = 34; // room for the position labels on each axis
const FONT = "13px system-ui, sans-serif";

function drawHead(
  ctx: CanvasRenderingContext2D,
  m: AttentionMaps,
  h: number,
  box: [number, number, number],
  labels: boolean,
) {
  const [x0, y0, side] = box;
  const inner = labels ? side - LABEL : side;
  const cw = inner / Math.max(1, m.keys);
  const ch = inner / Math.max(1, m.queries);
  const ox = x0 + (labels ? LABEL : 0);
  const oy = y0 + (labels ? LABEL : 0);
  const half = headRange(m, h);
  for (let q = 0; q < m.queries; q++)
    for (let k = 0; k < m.keys; k++) {
      ctx.fillStyle = rgbCss(attentionColor(cell(m, h, q, k), m.scores, half));
      ctx.fillRect(ox + k * cw, oy + q * ch, Math.ceil(cw), Math.ceil(ch));
    }
  if (!labels) return;
  ctx.fillStyle = "#333";
  ctx.font = FONT;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  const every = Math.max(1, Math.ceil(16 / cw));
  m.keyLabels.forEach((s, k) => k % every === 0 && ctx.fillText(s, ox + (k + 0.5) * cw, y0 + LABEL / 2));
  ctx.textAlign = "right";
  const everyRow = Math.max(1, Math.ceil(15 / ch));
  m.queryLabels.forEach((s, q) => q % everyRow === 0 && ctx.fillText(s, x0 + LABEL - 6, oy + (q + 0.5) * ch));
}

function HeadCanvas({ maps, head, width }: { maps: AttentionMaps; head: number | "all"; width: number }) {
  const columns = head === "all" ? Math.min(maps.heads, Math.max(1, Math.floor(width / 130))) : 1;
  const rows = head === "all" ? Math.ceil(maps.heads / columns) : 1;
  const side = head === "all" ? Math.min(160, Math.floor(width / columns) - 8) : Math.min(width, 290);
  const height = rows * (side + (head === "all" ? 22 : 0));
  const canvas = useDrawing(
    width,
    height,
    (ctx) => {
      if (head !== "all") return drawHead(ctx, maps, head, [0, 0, side], true);
      ctx.font = FONT;
      for (let h = 0; h < maps.heads; h++) {
        const x = (h % columns) * (side + 8);
        const y = Math.floor(h / columns) * (side + 22);
        ctx.fillStyle = "#333";
        ctx.textAlign = "left";
        ctx.textBaseline = "top";
        ctx.fillText(`${h + 1}`, x, y + 2);
        drawHead(ctx, maps, h, [x, y + 20, side], false);
      }
    },
    [maps, head, side],
  );
  return <canvas ref={canvas} style={{ width, height }} data-testid="attention-canvas" aria-hidden="true" />;
}

export function AttentionView({ node, nodes }: { node: string; nodes: string[] }) {
  const { t } = useTranslation();
  const pinned = useProbes((s) => s.pinned);
  const [layer, setLayer] = useState(node);
  const [which, setWhich] = useState("self");
  const [scores, setScores] = useState(false);
  const [head, setHead] = useState<number | "all">(0);
  const shown = nodes.includes(layer) ? layer : node;
  const problem = useProbeProblem("attention", shown);
  useWatch({ probe: "attention", node: shown, samples: [pinned], options: { attention: which, scores } });
  const frame = useFrame("attention", shown);
  const maps = useMemo(() => (frame ? readAttention(frame.header, frame.values) : null), [frame]);
  const patched = maps?.patches ?? null;
  const samples = useSamples(patched !== null);
  const sample = samples?.samples.findIndex((s) => s.index === pinned) ?? -1;
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const heads = maps?.heads ?? 0;
  const chosen = head === "all" || head < heads ? head : 0;
  const overlay = useMemo(() => (maps ? classTokenMap(maps, chosen === "all" ? null : chosen) : null), [maps, chosen]);
  const strongest = maps && chosen !== "all" ? maps.values : null;

  return (
    <section
      className="probe-section"
      aria-label={t("probes.attention.title")}
      data-testid="attention-view"
      data-step={frame?.header.step ?? ""}
      data-node={shown}
      data-ready={strongest ? "yes" : ""}
    >
      <h3 className="probe-title">
        {t("probes.attention.title")}
        {frame && <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>}
      </h3>
      <div className="probe-controls attention-controls">
        {nodes.length > 1 && (
          <label>
            {t("probes.attention.layer")}{" "}
            <select value={shown} onChange={(e) => setLayer(e.target.value)} data-testid="attention-layer">
              {nodes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        {(maps?.attentions.length ?? 0) > 1 && (
          <label>
            {t("probes.attention.which")}{" "}
            <select value={which} onChange={(e) => setWhich(e.target.value)} data-testid="attention-which">
              {maps!.attentions.map((a) => (
                <option key={a} value={a}>
                  {t(`probes.attention.kinds.${a}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t("probes.attention.head")}{" "}
          <select
            value={String(chosen)}
            onChange={(e) => setHead(e.target.value === "all" ? "all" : Number(e.target.value))}
            data-testid="attention-head"
          >
            {Array.from({ length: heads }, (_, h) => (
              <option key={h} value={String(h)}>
                {h + 1}
              </option>
            ))}
            <option value="all">{t("probes.attention.allHeads")}</option>
          </select>
        </label>
        <label className="probe-check">
          <input
            type="checkbox"
            checked={scores}
            onChange={(e) => setScores(e.target.checked)}
            data-testid="attention-scores"
          />
          {t("probes.attention.scores")}
        </label>
      </div>
      <div ref={box} className="attention-maps">
        {problem && <p className="field-error">{problem}</p>}
        {!frame && !problem && <p className="probe-help">{t("probes.waiting")}</p>}
        {maps && width > 0 && <HeadCanvas maps={maps} head={chosen} width={width} />}
      </div>
      {maps && (
        <p className="probe-help">
          {maps.scores
            ? t("probes.attention.scoresHelp")
            : t("probes.attention.help", { queries: maps.queries, keys: maps.keys })}
          {maps.scores &&
            ` (${formatValue(-headRange(maps, chosen === "all" ? 0 : chosen))} … ${formatValue(headRange(maps, chosen === "all" ? 0 : chosen))})`}
        </p>
      )}
      {patched && overlay && samples && sample >= 0 && (
        <figure className="probe-figure" data-testid="attention-overlay">
          <HeatOverlay set={samples} at={sample} heat={overlay} rows={patched.rows} cols={patched.cols} size={200} />
          <figcaption>{t("probes.attention.overlay")}</figcaption>
        </figure>
      )}
    </section>
  );
}
