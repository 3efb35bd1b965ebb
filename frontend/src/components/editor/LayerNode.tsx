// A layer on the canvas: its type, id, output shape, parameter count and any problem, live from validation.
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { useShallow } from "zustand/react/shallow";
import type { EditorNode } from "../../lib/graphSpec";
import { useCatalog } from "../../state/catalog";
import { useEditor } from "../../state/editor";
import { nodeErrors, useValidation } from "../../state/validation";
import { FrozenBadge, useFrozenClass } from "../training/NodeTraining";
import { categoryClass, formatShape, withoutNodePrefix } from "./categories";

function LayerNodeView({ id, data, selected }: NodeProps<EditorNode>) {
  const { t } = useTranslation();
  const layer = useCatalog((s) => s.layers.find((l) => l.type === data.layerType));
  const report = useValidation((s) => s.report?.nodes[id]);
  const errors = useValidation(useShallow((s) => nodeErrors(s, id)));
  const ports = layer?.ports ?? ["in"];
  // Which named ports an edge feeds, so an unfed one stands out.
  const fed = useEditor(
    useShallow((s) => s.edges.filter((e) => e.target === id && e.targetHandle).map((e) => e.targetHandle!)),
  );
  const shape = formatShape(report?.output_shape);
  const hasError = errors.length > 0;
  const frozenClass = useFrozenClass(id);
  return (
    <div
      className={`layer-node ${categoryClass(layer?.category)} ${hasError ? "has-error" : ""} ${selected ? "is-selected" : ""} ${frozenClass}`}
      data-testid={`node-${id}`}
      data-layer-type={data.layerType}
      title={layer?.description}
    >
      {ports.length === 1 && <Handle type="target" position={Position.Left} data-testid={`handle-in-${id}`} />}
      <div className="node-head">
        <span className="node-type" title={layer?.title ?? data.layerType}>
          {layer?.title ?? data.layerType}
        </span>
        <span className="node-id">{id}</span>
        <FrozenBadge nodeId={id} />
      </div>
      <div className="node-body">
        <span className={`node-shape ${shape ? "" : "is-unknown"}`} data-testid={`node-shape-${id}`}>
          {shape ?? t("node.unknownShape")}
        </span>
        <span className="node-params" data-testid={`node-params-${id}`}>
          {report ? t("node.params", { count: report.params, formatted: report.params.toLocaleString() }) : ""}
        </span>
      </div>
      {ports.length > 1 && (
        // Several named inputs: one row per port, its handle beside its name, so edges say what they feed.
        <div className="node-ports">
          {ports.map((port) => (
            <div key={port} className={`node-port ${fed.includes(port) ? "is-fed" : ""}`}>
              <Handle
                type="target"
                id={port}
                position={Position.Left}
                data-testid={`handle-in-${id}-${port}`}
                data-connected={fed.includes(port)}
              />
              <span>{port}</span>
            </div>
          ))}
        </div>
      )}
      {hasError && (
        <div className="node-error" data-testid={`node-error-${id}`}>
          {errors.map((e, i) => (
            <p key={i} title={e.message}>
              {withoutNodePrefix(e.message, id)}
            </p>
          ))}
        </div>
      )}
      <Handle type="source" position={Position.Right} data-testid={`handle-out-${id}`} />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
