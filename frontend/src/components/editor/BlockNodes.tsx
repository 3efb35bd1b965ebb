// How a block looks on the canvas: a labelled frame around its layers, or, collapsed, one compact node with
// the block's name, its members' total parameters and the shapes that go in and come out.
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { useShallow } from "zustand/react/shallow";
import { type BlockFlowNode, blockBoundary } from "../../lib/blocks";
import { collapseBlock, saveToLibrary, ungroupBlock } from "../../state/blocks";
import { useEditor } from "../../state/editor";
import { useNotices } from "../../state/notices";
import { nodeErrors, useValidation } from "../../state/validation";
import { formatTensorShape } from "./ShapeEdge";
import "./blocks.css";

function useSave(blockId: string, name: string) {
  const { t } = useTranslation();
  return () => {
    if (saveToLibrary(blockId)) {
      useNotices.getState().push({ kind: "info", title: t("blocks.saved", { name }), message: t("blocks.savedHint") });
    }
  };
}

function BlockButtons({ blockId, name, collapsed }: { blockId: string; name: string; collapsed: boolean }) {
  const { t } = useTranslation();
  const save = useSave(blockId, name);
  return (
    <div className="block-buttons nodrag">
      <button
        type="button"
        onClick={() => collapseBlock(blockId, !collapsed)}
        title={collapsed ? t("blocks.expandHint") : t("blocks.collapseHint")}
        data-testid={`block-${collapsed ? "expand" : "collapse"}-${blockId}`}
      >
        {collapsed ? t("blocks.expand") : t("blocks.collapse")}
      </button>
      <button type="button" onClick={save} title={t("blocks.saveHint")} data-testid={`block-save-${blockId}`}>
        {t("blocks.save")}
      </button>
      <button
        type="button"
        onClick={() => ungroupBlock(blockId)}
        title={t("blocks.ungroupHint")}
        data-testid={`block-ungroup-${blockId}`}
      >
        {t("blocks.ungroup")}
      </button>
    </div>
  );
}

function BlockFrameView({ data, selected }: NodeProps<BlockFlowNode>) {
  return (
    <div className={`block-frame ${selected ? "is-selected" : ""}`} data-testid={`block-frame-${data.blockId}`}>
      <div className="block-frame-head">
        <span className="block-name" title={data.name}>
          {data.name}
        </span>
        <BlockButtons blockId={data.blockId} name={data.name} collapsed={false} />
      </div>
    </div>
  );
}

function shapesOf(ids: readonly string[], shapes: Record<string, readonly number[] | null | undefined>): string {
  const list = [...new Set(ids.map((id) => formatTensorShape(shapes[id]) ?? "?"))];
  return list.length > 0 ? list.join(", ") : "–";
}

function BlockCollapsedView({ data, selected }: NodeProps<BlockFlowNode>) {
  const { t } = useTranslation();
  const { blockId, members, name } = data;
  const boundary = useEditor(
    useShallow((s) => {
      const b = blockBoundary({ id: blockId, name, members, collapsed: true }, s.edges);
      return [b.inputs.join("\n"), b.outputs.join("\n")];
    }),
  );
  const [inputs, outputs] = boundary.map((list) => (list ? list.split("\n") : []));
  const report = useValidation((s) => s.report);
  const params = members.reduce((sum, m) => sum + (report?.nodes[m]?.params ?? 0), 0);
  const shapes = Object.fromEntries(Object.entries(report?.nodes ?? {}).map(([id, n]) => [id, n.output_shape]));
  const problems = useValidation((s) => members.reduce((sum, m) => sum + nodeErrors(s, m).length, 0));
  return (
    <div
      className={`block-collapsed ${selected ? "is-selected" : ""} ${problems > 0 ? "has-error" : ""}`}
      data-testid={`block-collapsed-${blockId}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="block-collapsed-head">
        <span className="block-name" title={name}>
          {name}
        </span>
        <span className="block-count">{t("blocks.layers", { count: members.length })}</span>
      </div>
      <div className="block-collapsed-body">
        <span className="block-shapes" data-testid={`block-shapes-${blockId}`}>
          {shapesOf(inputs!, shapes)} → {shapesOf(outputs!, shapes)}
        </span>
        <span className="block-params" data-testid={`block-params-${blockId}`}>
          {report ? t("node.params", { count: params, formatted: params.toLocaleString() }) : ""}
        </span>
      </div>
      {problems > 0 && (
        <div className="block-problems" data-testid={`block-problems-${blockId}`}>
          {t("graph.invalid", { count: problems })}
        </div>
      )}
      <BlockButtons blockId={blockId} name={name} collapsed />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const BlockFrame = memo(BlockFrameView);
export const BlockCollapsed = memo(BlockCollapsedView);
