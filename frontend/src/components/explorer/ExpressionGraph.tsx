// The expression graph as SVG: each node shows its operation, its forward value and, once the backward pass has
// reached it, its gradient (as a sum of terms where it is used more than once); each edge shows its local
// gradient and what it sends back once the node it feeds has been visited.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { BackpropResult } from "../../api/types";
import { EDGE_LABEL_SIZE, NODE_SIZE, type Point, layoutExpression } from "./graphLayout";
import { type BackwardView, type EdgeView, type NodeView, SEED, formatNumber, sumText } from "./stepping";

// The longest gradient line a node shows (squeezed a little past 13 characters).
const MAX_GRAD_CHARS = 17;
const MAX_SCALE = 1.8;
// Font sizes in graph units, as in explorer.css, for squeezing long lines.
const GRAD_FONT = 20;
const EDGE_FONT = 19;

function path(points: Point[]): string {
  return points.map((p, k) => `${k === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
}

/**
 * "∇ 4", "∇ 3 + 1 = 4" for a node used twice, "∇ 3 + …" while some uses have not reported yet. A sum too long
 * for the node shows its total only; the step's explanation spells it out.
 */
export function gradText(view: NodeView): string | null {
  if (view.grad === null) return null;
  const total = formatNumber(view.grad);
  const terms = view.terms.filter((t) => t.from !== SEED).map((t) => t.value);
  const partial = `∇ ${sumText(terms)} + …`;
  if (!view.complete) return partial.length <= MAX_GRAD_CHARS ? partial : `∇ ${total} + …`;
  const full = `∇ ${sumText(terms)} = ${total}`;
  return terms.length > 1 && full.length <= MAX_GRAD_CHARS ? full : `∇ ${total}`;
}

/** Squeezes a monospaced line that would overflow `width` (a glyph is about 0.6 em wide). */
function fit(
  text: string,
  fontSize: number,
  width: number,
): { textLength?: number; lengthAdjust?: "spacingAndGlyphs" } {
  const room = width - 12;
  return text.length * fontSize * 0.6 > room ? { textLength: room, lengthAdjust: "spacingAndGlyphs" } : {};
}

function NodeShape({ view, x, y }: { view: NodeView; x: number; y: number }) {
  const { t } = useTranslation();
  const { node } = view;
  const kind = node.op === "variable" || node.op === "constant" ? node.op : "operation";
  const grad = gradText(view);
  const classes = ["xnode", `is-${kind}`, view.current && "is-current", view.visited && "is-visited"];
  return (
    <g
      className={classes.filter(Boolean).join(" ")}
      transform={`translate(${x - NODE_SIZE.width / 2},${y - NODE_SIZE.height / 2})`}
      data-testid={`explorer-node-${node.id}`}
      data-label={node.label}
      data-current={view.current ? "true" : "false"}
    >
      <title>{`${node.title}: ${node.text}`}</title>
      <rect width={NODE_SIZE.width} height={NODE_SIZE.height} rx={10} />
      <text className="xnode-label" x={NODE_SIZE.width / 2} y={30}>
        {node.label}
      </text>
      <text className="xnode-value" x={NODE_SIZE.width / 2} y={60} data-testid={`explorer-value-${node.id}`}>
        = {formatNumber(node.value)}
      </text>
      {grad !== null && (
        <text
          className={`xnode-grad ${view.complete ? "" : "is-partial"}`}
          x={NODE_SIZE.width / 2}
          y={89}
          data-testid={`explorer-grad-${node.id}`}
          {...fit(grad, GRAD_FONT, NODE_SIZE.width)}
        >
          {grad}
        </text>
      )}
      {kind === "constant" && (
        <text className="xnode-note" x={NODE_SIZE.width / 2} y={89}>
          {t("explorer.constant")}
        </text>
      )}
    </g>
  );
}

function EdgeLabel({ edge, at }: { edge: EdgeView; at: Point }) {
  if (!edge.shown || edge.local_grad === null || edge.contribution === null) return null;
  const { width, height } = EDGE_LABEL_SIZE;
  const local = `∂ ${formatNumber(edge.local_grad)}`;
  const sent = `← ${formatNumber(edge.contribution)}`;
  return (
    <g
      className={`xedge-label ${edge.active ? "is-active" : ""}`}
      transform={`translate(${at.x - width / 2},${at.y - height / 2})`}
      data-testid={`explorer-edge-${edge.id}`}
    >
      <title>{`∂ = ${edge.rule}`}</title>
      <rect width={width} height={height} rx={7} />
      <text className="xedge-local" x={width / 2} y={22} {...fit(local, EDGE_FONT, width)}>
        {local}
      </text>
      <text
        className="xedge-sent"
        x={width / 2}
        y={46}
        data-testid={`explorer-sent-${edge.id}`}
        {...fit(sent, EDGE_FONT, width)}
      >
        {sent}
      </text>
    </g>
  );
}

export function ExpressionGraph({ result, view }: { result: BackpropResult; view: BackwardView }) {
  const { t } = useTranslation();
  const layout = useMemo(() => layoutExpression(result), [result]);
  return (
    <svg
      className="explorer-graph"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      style={{ maxWidth: layout.width * MAX_SCALE, maxHeight: layout.height * MAX_SCALE }}
      role="img"
      aria-label={t("explorer.graphLabel", { expression: result.expression })}
      data-testid="explorer-graph"
    >
      <defs>
        <marker
          id="xarrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="13"
          markerHeight="13"
          markerUnits="userSpaceOnUse"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="context-stroke" />
        </marker>
      </defs>
      {view.edges.map((edge) => (
        <path
          key={edge.id}
          className={`xedge ${edge.shown ? "is-shown" : ""} ${edge.active ? "is-active" : ""}`}
          d={path(layout.edges.get(edge.id)?.points ?? [])}
          markerEnd="url(#xarrow)"
        />
      ))}
      {[...view.nodes.values()].map((nodeView) => {
        const at = layout.nodes.get(nodeView.node.id)!;
        return <NodeShape key={nodeView.node.id} view={nodeView} x={at.x} y={at.y} />;
      })}
      {view.edges.map((edge) => (
        <EdgeLabel key={edge.id} edge={edge} at={layout.edges.get(edge.id)?.label ?? { x: 0, y: 0 }} />
      ))}
    </svg>
  );
}
