// The centre of the page: palette, React Flow canvas, inspector and the graph's overall state.
import {
  Background,
  BackgroundVariant,
  Controls,
  type EdgeChange,
  type EdgeTypes,
  type NodeChange,
  type NodeTypes,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
} from "@xyflow/react";
import { type DragEvent, useCallback, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  type FlowNode,
  BLOCK_COLLAPSED_TYPE,
  BLOCK_FRAME_TYPE,
  flowElements,
  routeNodeChanges,
} from "../../lib/blocks";
import { NODE_SPACING_X } from "../../lib/defaults";
import type { EditorEdge } from "../../lib/graphSpec";
import { freePort, handleForPort } from "../../lib/ports";
import { layerInfo } from "../../state/catalog";
import { insertFromLibrary } from "../../state/blocks";
import { selectedNode, useEditor } from "../../state/editor";
import { useValidation } from "../../state/validation";
import { BroomIcon, FitIcon, NetworkIcon, TrashIcon } from "../Icons";
import { BlockActions } from "./BlockActions";
import { BlockCollapsed, BlockFrame } from "./BlockNodes";
import { BLOCK_MIME } from "./BlockPalette";
import { GraphActions } from "./GraphActions";
import { Inspector } from "./Inspector";
import { LayerNode } from "./LayerNode";
import { LAYER_MIME, Palette } from "./Palette";
import { ShapeEdge } from "./ShapeEdge";
import { useEditorShortcuts } from "./useEditorShortcuts";

const nodeTypes: NodeTypes = {
  layer: LayerNode,
  [BLOCK_FRAME_TYPE]: BlockFrame,
  [BLOCK_COLLAPSED_TYPE]: BlockCollapsed,
};
/** Every edge shows the shape it carries, whatever type it was stored with. */
const edgeTypes: EdgeTypes = { shape: ShapeEdge, default: ShapeEdge, smoothstep: ShapeEdge };
const noRemovals = <C extends { type: string }>(changes: C[]) => changes.filter((c) => c.type !== "remove");
/** Rough node size, to centre a dropped node under the pointer. */
const NODE_HALF = { x: 60, y: 30 };
/** Frames the network snugly: a left-to-right chain is wide, so little side padding, and no blow-up. */
const FIT = { padding: 0.06, maxZoom: 1.25 };

function GraphStatus() {
  const { t } = useTranslation();
  const report = useValidation((s) => s.report);
  const nodeIds = useEditor((s) => s.nodes.map((n) => n.id).join("\n"));
  const ids = new Set(nodeIds.split("\n"));
  // Problems that belong to no node on the canvas (e.g. "the graph has no Input") are listed here.
  const loose = report?.errors.filter((e) => !e.node || !ids.has(e.node)) ?? [];
  return (
    <div className="graph-status">
      <span
        className={`validity ${report ? (report.valid ? "is-valid" : "is-invalid") : ""}`}
        data-testid="graph-validity"
      >
        {report
          ? report.valid
            ? t("graph.valid")
            : t("graph.invalid", { count: report.errors.length })
          : t("graph.checking")}
      </span>
      <span className="total-params">
        {t("graph.totalParams")}{" "}
        <strong data-testid="total-params">
          {report?.total_params != null ? report.total_params.toLocaleString() : "–"}
        </strong>
      </span>
      {loose.length > 0 && (
        <ul className="graph-errors" data-testid="graph-errors" role="alert">
          {loose.map((e, i) => (
            <li key={i}>{e.node ? `${e.node}: ${e.message}` : e.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Canvas() {
  const { t } = useTranslation();
  const graphNodes = useEditor((s) => s.nodes);
  const graphEdges = useEditor((s) => s.edges);
  const blocks = useEditor((s) => s.blocks);
  // Blocks are drawn as frames (or one collapsed node) around their layers; the graph itself stays flat.
  const { nodes, edges } = useMemo(
    () => flowElements(graphNodes, graphEdges, blocks),
    [graphNodes, graphEdges, blocks],
  );
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const onConnect = useEditor((s) => s.onConnect);
  // Deletions arrive once, through onDelete, so that one delete is one undo step.
  const onNodesChangeKept = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const state = useEditor.getState();
      const routed = routeNodeChanges(noRemovals(changes), state.nodes, state.blocks);
      if (routed.blocks) useEditor.setState({ blocks: routed.blocks });
      if (routed.changes.length > 0) onNodesChange(routed.changes);
    },
    [onNodesChange],
  );
  const onEdgesChangeKept = useCallback(
    (changes: EdgeChange<EditorEdge>[]) => onEdgesChange(noRemovals(changes)),
    [onEdgesChange],
  );
  const onDelete = useCallback(
    ({ nodes: gone, edges: goneEdges }: { nodes: FlowNode[]; edges: EditorEdge[] }) =>
      useEditor.getState().deleteElements(
        gone.map((n) => n.id),
        goneEdges.map((e) => e.id),
      ),
    [],
  );
  const addNode = useEditor((s) => s.addNode);
  const layoutVersion = useEditor((s) => s.layoutVersion);
  const hasSelection = useEditor((s) => s.nodes.some((n) => n.selected) || s.blocks.some((b) => b.selected));
  const flow = useReactFlow();

  const fit = useCallback(() => void flow.fitView({ ...FIT, duration: 200 }), [flow]);
  const nodesMeasured = useNodesInitialized();
  // The layoutVersion the view was last framed for; -1 until the first frame.
  const framedFor = useRef(-1);

  useEffect(() => {
    // Frame the network once React Flow has measured its nodes: on start and after the graph was replaced.
    // (Not the `fitView` prop, which would also re-frame when nodes are dropped onto an emptied canvas.)
    if (framedFor.current === layoutVersion) return;
    if (useEditor.getState().nodes.length === 0) {
      framedFor.current = layoutVersion; // nothing to frame; layers dropped later keep the view
      return;
    }
    // Right after a replace, React Flow may still report the old graph as measured: frame only once every
    // node of the new one has its size (checked again for up to 2 s), and a frame later, so the shapes
    // that validation adds have settled.
    let tries = 0;
    let id = 0;
    const attempt = () => {
      const { nodes: current, blocks: currentBlocks } = useEditor.getState();
      // Layers inside a collapsed block are hidden, so never measured.
      const hidden = new Set(currentBlocks.filter((b) => b.collapsed).flatMap((b) => b.members));
      const ready =
        nodesMeasured &&
        current.every((n) => hidden.has(n.id) || (flow.getInternalNode(n.id)?.measured.width ?? 0) > 0);
      if (!ready) {
        if (++tries < 40) id = window.setTimeout(attempt, 50);
        return;
      }
      framedFor.current = layoutVersion;
      void flow.fitView(FIT);
    };
    id = window.setTimeout(attempt, 60);
    return () => window.clearTimeout(id);
  }, [nodesMeasured, layoutVersion, flow]);

  // The inspector opening or closing changes the canvas height: keep the network's centre where it was
  // instead of letting it slide under the edge.
  const flowArea = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = flowArea.current;
    if (!el) return;
    let height = el.clientHeight;
    const observer = new ResizeObserver(() => {
      const delta = el.clientHeight - height;
      height = el.clientHeight;
      if (delta === 0 || framedFor.current < 0) return;
      const { x, y, zoom } = flow.getViewport();
      void flow.setViewport({ x, y: y + delta / 2, zoom });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [flow]);

  const clear = () => {
    useEditor.getState().clearGraph();
    // Dropped layers then appear at their natural size.
    void flow.setViewport({ x: 0, y: 0, zoom: 1 });
  };

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes(LAYER_MIME) && !event.dataTransfer.types.includes(BLOCK_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  };

  const onDrop = (event: DragEvent) => {
    const savedBlock = event.dataTransfer.getData(BLOCK_MIME);
    if (savedBlock) {
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      insertFromLibrary(savedBlock, { x: at.x - NODE_HALF.x, y: at.y - NODE_HALF.y });
      return;
    }
    const type = event.dataTransfer.getData(LAYER_MIME);
    if (!type) return;
    event.preventDefault();
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    addNode(type, { x: at.x - NODE_HALF.x, y: at.y - NODE_HALF.y });
  };

  const deleteSelected = () => {
    const state = useEditor.getState();
    state.deleteElements(
      [...state.nodes.filter((n) => n.selected), ...state.blocks.filter((b) => b.selected)].map((n) => n.id),
      state.edges.filter((e) => e.selected).map((e) => e.id),
    );
  };

  return (
    <div className="canvas-wrap">
      <div className="canvas-toolbar">
        <GraphStatus />
        <div className="toolbar-buttons">
          <GraphActions />
          <BlockActions />
          <button
            type="button"
            className="tool-button is-icon"
            onClick={fit}
            title={t("graph.fit")}
            aria-label={t("graph.fit")}
            data-testid="fit-view"
          >
            <FitIcon size={15} />
          </button>
          <button
            type="button"
            className="tool-button"
            onClick={deleteSelected}
            disabled={!hasSelection}
            title={t("graph.deleteSelectedHint")}
            data-testid="delete-selected"
          >
            <TrashIcon size={15} />
            <span>{t("graph.deleteSelected")}</span>
          </button>
          <button
            type="button"
            className="tool-button"
            onClick={clear}
            title={t("graph.clearHint")}
            data-testid="clear-graph"
          >
            <BroomIcon size={15} />
            <span>{t("graph.clear")}</span>
          </button>
          <button
            type="button"
            className="tool-button"
            onClick={() => useEditor.getState().resetToDefault()}
            title={t("graph.defaultHint")}
            data-testid="default-network"
          >
            <NetworkIcon size={15} />
            <span>{t("graph.default")}</span>
          </button>
        </div>
      </div>
      <div className="flow-area" ref={flowArea} onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChangeKept}
          onEdgesChange={onEdgesChangeKept}
          onDelete={onDelete}
          onConnect={onConnect}
          deleteKeyCode={["Delete", "Backspace"]}
          minZoom={0.2}
          maxZoom={2}
          defaultEdgeOptions={{ type: "shape" }}
          proOptions={{ hideAttribution: true }}
        >
          <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#c9d1db" />
          <Controls showInteractive={false} showFitView={false} position="bottom-left" />
        </ReactFlow>
        {nodes.length === 0 && (
          <div className="canvas-empty" data-testid="canvas-empty">
            <NetworkIcon size={32} />
            <p>{t("graph.empty")}</p>
          </div>
        )}
      </div>
      <Inspector />
    </div>
  );
}

/** Click-to-add: the new layer goes right of the selected one (and is wired to it), else after the last. */
function useAppendLayer() {
  const flow = useReactFlow();
  return useCallback(
    (type: string) => {
      const state = useEditor.getState();
      const anchor = selectedNode(state) ?? [...state.nodes].sort((a, b) => b.position.x - a.position.x)[0];
      let position = anchor
        ? { x: anchor.position.x + NODE_SPACING_X, y: anchor.position.y }
        : flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
      // Do not drop it exactly onto another node.
      while (
        state.nodes.some((n) => Math.abs(n.position.x - position.x) < 40 && Math.abs(n.position.y - position.y) < 40)
      ) {
        position = { x: position.x, y: position.y + 90 };
      }
      const wasSelected = selectedNode(state);
      const id = state.addNode(type, position);
      const ports = layerInfo(type)?.ports ?? ["in"];
      const port = freePort(id, ports, []);
      const anchorHasOutput = wasSelected && state.edges.some((e) => e.source === wasSelected.id);
      if (wasSelected && port !== null && !anchorHasOutput) {
        useEditor.getState().onConnect({
          source: wasSelected.id,
          target: id,
          sourceHandle: null,
          targetHandle: handleForPort(ports, port),
        });
      }
      window.setTimeout(() => void flow.fitView({ ...FIT, duration: 200 }), 50);
    },
    [flow],
  );
}

/** Click-to-insert a saved block: right of the network, then framed. */
function useInsertBlock() {
  const flow = useReactFlow();
  return useCallback(
    (savedId: string) => {
      const { nodes } = useEditor.getState();
      const at = nodes.length
        ? {
            x: Math.max(...nodes.map((n) => n.position.x)) + NODE_SPACING_X,
            y: Math.min(...nodes.map((n) => n.position.y)) + 120,
          }
        : flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
      if (insertFromLibrary(savedId, at)) window.setTimeout(() => void flow.fitView({ ...FIT, duration: 200 }), 50);
    },
    [flow],
  );
}

function EditorBody() {
  const append = useAppendLayer();
  const insertBlock = useInsertBlock();
  useEditorShortcuts();
  return (
    <section className="editor">
      <Palette onAdd={append} onInsertBlock={insertBlock} />
      <Canvas />
    </section>
  );
}

export function GraphEditor() {
  return (
    <ReactFlowProvider>
      <EditorBody />
    </ReactFlowProvider>
  );
}
