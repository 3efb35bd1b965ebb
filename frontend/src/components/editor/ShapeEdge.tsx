// An edge labelled with the tensor shape flowing through it: its source node's output shape, e.g. "8×28×28".
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from "@xyflow/react";
import { memo } from "react";
import { useValidation } from "../../state/validation";

export function formatTensorShape(shape: readonly number[] | null | undefined): string | null {
  return shape && shape.length > 0 ? shape.join("×") : null;
}

function ShapeEdgeView(props: EdgeProps) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  // An edge drawn from a collapsed block (lib/blocks) carries what its layer inside the block produces.
  const from = typeof props.data?.shapeSource === "string" ? props.data.shapeSource : source;
  const shape = useValidation((s) => formatTensorShape(s.report?.nodes[from]?.output_shape));
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={props.markerEnd} style={props.style} interactionWidth={16} />
      {shape && (
        <EdgeLabelRenderer>
          <div
            className={`edge-shape ${props.selected ? "is-selected" : ""}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-shape-${source}-${target}`}
          >
            {shape}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
