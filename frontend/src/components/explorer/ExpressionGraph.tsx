// The expression graph as SVG: each node shows its operation, its forward value and, once the backward pass has
// reached it, its gradient (as a sum of terms where it is used more than once); each edge shows its local
// gradient and what it sends back once the node it feeds has been visited.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { BackpropResult } from "../../api/types";
import { EDGE_LABEL_SIZE, NODE_SIZE, type Point, layoutExpression } from "./graphLayout";
import { type BackwardView, type EdgeView, type NodeView, SEED, formatNumber } from "./stepping";

const MAX_TERMS_SHOWN = 3;
const MAX_SCALE = 1.8;

function path(points: Point[]): string {
  return points.map((p, k) => `${k === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
}

/** "∇ 4", "∇ 3 + 1 = 4" for a node used twice, "∇ 3 + …" while some uses have not reported yet. */
export function gradText(view: NodeView): string | null {
  if (view.grad === null) return null;
  const total = formatNumber(view.grad);
  const terms = view.terms.filter((t) => t.from !== SEED).map((t) => formatNumber(t.value));
  if (!view.complete) return `∇ ${terms.join(" + ")} + …`;
  if (terms.length < 2 || terms.length > MAX_TERMS_SHOWN) return `∇ ${total}`;
  return `∇ ${terms.join(" + ")} = ${total}`;
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
  return (
    <g
      className={`xedge-label ${edge.active ? "is-active" : ""}`}
      transform={`translate(${at.x - width / 2},${at.y - height / 2})`}
      data-testid={`explorer-edge-${edge.id}`}
    >
      <title>{`∂ = ${edge.rule}`}</title>
      <rect width={width} height={height} rx={7} />
      <text className="xedge-local" x={width / 2} y={22}>
        ∂ {formatNumber(edge.local_grad)}
      </text>
      <text className="xedge-sent" x={width / 2} y={46} data-testid={`explorer-sent-${edge.id}`}>
        ← {formatNumber(edge.contribution)}
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
