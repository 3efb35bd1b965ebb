// A layer on the canvas: its type, id, output shape, parameter count and any problem, live from validation.
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { useShallow } from "zustand/react/shallow";
import type { EditorNode } from "../../lib/graphSpec";
import { useCatalog } from "../../state/catalog";
import { nodeErrors, useValidation } from "../../state/validation";
import { categoryClass, formatShape } from "./categories";

function LayerNodeView({ id, data, selected }: NodeProps<EditorNode>) {
  const { t } = useTranslation();
  const layer = useCatalog((s) => s.layers.find((l) => l.type === data.layerType));
  const report = useValidation((s) => s.report?.nodes[id]);
  const errors = useValidation(useShallow((s) => nodeErrors(s, id)));
  const ports = layer?.ports ?? ["in"];
  const shape = formatShape(report?.output_shape);
  const hasError = errors.length > 0;
  return (
    <div
      className={`layer-node ${categoryClass(layer?.category)} ${hasError ? "has-error" : ""} ${selected ? "is-selected" : ""}`}
      data-testid={`node-${id}`}
      data-layer-type={data.layerType}
      title={layer?.description}
    >
      {ports.map((port, i) => (
        <Handle
          key={port}
          type="target"
          id={ports.length > 1 ? port : undefined}
          position={Position.Left}
          style={ports.length > 1 ? { top: `${((i + 1) / (ports.length + 1)) * 100}%` } : undefined}
          data-testid={ports.length > 1 ? `handle-in-${id}-${port}` : `handle-in-${id}`}
          title={ports.length > 1 ? port : undefined}
        />
      ))}
      <div className="node-head">
        <span className="node-type">{layer?.title ?? data.layerType}</span>
        <span className="node-id">{id}</span>
      </div>
      <div className="node-body">
        <span className={`node-shape ${shape ? "" : "is-unknown"}`} data-testid={`node-shape-${id}`}>
          {shape ?? t("node.unknownShape")}
        </span>
        <span className="node-params" data-testid={`node-params-${id}`}>
          {report ? t("node.params", { count: report.params, formatted: report.params.toLocaleString() }) : ""}
        </span>
      </div>
      {hasError && (
        <div className="node-error" data-testid={`node-error-${id}`}>
          {errors.map((e, i) => (
            <p key={i}>{e.message}</p>
          ))}
        </div>
      )}
      <Handle type="source" position={Position.Right} data-testid={`handle-out-${id}`} />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
