// The autograd graph of the loss for the pinned sample, one box per node of the model (collapsed) with its
// output's gradient summary; a click expands a node into its operations, and a click on an operation shows its
// forward and backward tensors. Laid out left to right with dagre, drawn in SVG.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { describe, layoutOpGraph, readGraph, type Box, type Op, type OpGraph } from "../../lib/probes/opgraph";
import { formatValue } from "../../lib/probes/scale";
import { useFrame } from "../../state/run";
import { OpTensors } from "./OpTensors";
import { useProbeProblem, useProbes, useWatch } from "./probeStore";

const fmt = (v: number) => formatValue(v);

function BoxView({ box, selected, onClick }: { box: Box; selected: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  const group = box.kind === "group";
  const title = group ? `${box.group.node} · ${box.group.layer}` : box.op.name;
  const sub = group ? t("probes.graph.ops", { count: box.group.ops.length }) : (box.op.shape ?? []).join("×");
  return (
    <g
      transform={`translate(${box.x},${box.y})`}
      className={`graph-box ${group ? "is-group" : "is-op"}${selected ? " is-selected" : ""}`}
      onClick={onClick}
      role="button"
      tabIndex={0}
      data-testid={group ? `graph-group-${box.group.node}` : `graph-op-${box.op.id}`}
      onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && onClick()}
    >
      <rect width={box.width} height={box.height} rx={6} />
      <text x={8} y={18} className="graph-box-title">
        {title}
      </text>
      <text x={8} y={35} className="graph-box-sub">
        {sub}
      </text>
      <text x={8} y={box.height - 10} className="graph-box-grad">
        ∇ {describe(box.op.grad, fmt)}
      </text>
    </g>
  );
}

function Detail({ op, graph }: { op: Op; graph: OpGraph }) {
  const { t } = useTranslation();
  const frame = useFrame("graph");
  const rows: [string, string][] = [
    [t("probes.graph.node"), op.node],
    [t("probes.graph.backward"), op.backward],
    [t("probes.graph.shape"), (op.shape ?? []).join(" × ") || "–"],
  ];
  const stats = (label: string, s: Op["forward"]) =>
    s && s.mean !== null
      ? `${label}: ${fmt(s.mean)} ± ${fmt(s.std ?? 0)}, [${fmt(s.min ?? 0)}, ${fmt(s.max ?? 0)}]`
      : `${label}: –`;
  return (
    <div className="graph-detail" data-testid="graph-detail">
      <h4>{op.name}</h4>
      <dl className="probe-facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="graph-stats">{stats(t("probes.graph.forward"), op.forward)}</p>
      <p className="graph-stats">{stats(t("probes.graph.gradient"), op.grad)}</p>
      {op.forward?.values && (
        <table className="graph-values" data-testid="graph-values">
          <tbody>
            <tr>
              <th>{t("probes.graph.forward")}</th>
              {op.forward.values.map((v, i) => (
                <td key={i}>{fmt(v)}</td>
              ))}
            </tr>
            <tr>
              <th>{t("probes.graph.gradient")}</th>
              {(op.grad?.values ?? []).map((v, i) => (
                <td key={i}>{fmt(v)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      {frame && graph.selected === op.id && !op.forward?.values && <OpTensors frame={frame} />}
    </div>
  );
}

export function GraphView() {
  const { t } = useTranslation();
  const pinned = useProbes((s) => s.pinned);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [op, setOp] = useState<number | null>(null);
  const problem = useProbeProblem("graph");
  useWatch({ probe: "graph", samples: [pinned], options: op === null ? {} : { op } });
  const frame = useFrame("graph");
  const graph = useMemo(() => (frame ? readGraph(frame.header) : null), [frame]);
  const laid = useMemo(() => (graph ? layoutOpGraph(graph, expanded) : null), [graph, expanded]);
  const selected = graph?.ops.find((o) => o.id === op) ?? null;
  const toggle = (node: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(node)) next.delete(node);
      else next.add(node);
      return next;
    });

  return (
    <section
      className="probe-section"
      aria-label={t("probes.graph.title")}
      data-testid="graph-view"
      data-step={frame?.header.step ?? ""}
    >
      <h3 className="probe-title">
        {t("probes.graph.title")}
        {graph?.loss !== null && graph && (
          <span className="probe-step">{t("probes.graph.loss", { loss: fmt(graph.loss ?? 0) })}</span>
        )}
        {frame && <span className="probe-step">{t("probes.atStep", { step: frame.header.step })}</span>}
      </h3>
      <p className="probe-help">{t("probes.graph.help")}</p>
      {problem && <p className="field-error">{problem}</p>}
      {!frame && !problem && <p className="probe-help">{t("probes.waiting")}</p>}
      {laid && (
        <div className="graph-scroll">
          <svg width={laid.width} height={laid.height} data-testid="graph-svg">
            <defs>
              <marker
                id="graph-arrow"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" className="graph-arrow" />
              </marker>
            </defs>
            {laid.edges.map((e) => (
              <polyline
                key={`${e.from}>${e.to}`}
                className="graph-edge"
                markerEnd="url(#graph-arrow)"
                points={e.points.map((p) => `${p.x},${p.y}`).join(" ")}
              />
            ))}
            {laid.boxes.map((box) => (
              <BoxView
                key={box.id}
                box={box}
                selected={box.kind === "op" && box.op.id === op}
                onClick={() =>
                  box.kind === "group" ? toggle(box.group.node) : setOp(box.op.id === op ? null : box.op.id)
                }
              />
            ))}
          </svg>
        </div>
      )}
      {expanded.size > 0 && (
        <button
          type="button"
          className="link-button"
          onClick={() => setExpanded(new Set())}
          data-testid="graph-collapse"
        >
          {t("probes.graph.collapse")}
        </button>
      )}
      {selected && graph && <Detail op={selected} graph={graph} />}
    </section>
  );
}
