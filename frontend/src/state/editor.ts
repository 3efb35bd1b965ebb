// The user's work: graph, data set and training settings. Persisted in localStorage so a reload keeps it.
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from "@xyflow/react";
import { create } from "zustand";
import { persist } from "zustand/middleware";
import type { DatasetOptions, DatasetRef, TrainingSettings } from "../api/types";
import { type Block, pruneBlocks, storedBlocks } from "../lib/blocks";
import { defaultDataset, defaultGraph, defaultTraining } from "../lib/defaults";
import { type EditorEdge, type EditorNode, fromSpec, uniqueNodeId } from "../lib/graphSpec";
import { type History, emptyHistory, pushHistory, redoHistory, undoHistory } from "../lib/history";
import { layoutGraph } from "../lib/layout";
import { connect } from "../lib/ports";
import { schemaDefaults } from "../lib/schemaForm";
import { datasetInfo, layerInfo } from "./catalog";

/** What undo/redo restores: the graph and its blocks, without selection or drag state. */
export type GraphSnapshot = { nodes: EditorNode[]; edges: EditorEdge[]; blocks: Block[] };

export type EditorState = {
  nodes: EditorNode[];
  edges: EditorEdge[];
  /** Named groups of layers (lib/blocks): editor-only, never part of the spec. */
  blocks: Block[];
  /** Undo/redo over graph edits (not persisted). */
  history: History<GraphSnapshot>;
  dataset: DatasetRef;
  training: TrainingSettings;
  showTestData: boolean;
  discretize: boolean;
  /** Bumped when a new network replaces the graph, so the canvas frames it. */
  layoutVersion: number;

  onNodesChange: (changes: NodeChange<EditorNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<EditorEdge>[]) => void;
  onConnect: (connection: Connection) => void;
  addNode: (layerType: string, position: XYPosition) => string;
  setParam: (nodeId: string, key: string, value: unknown) => void;
  selectNode: (nodeId: string | null) => void;
  deleteNodes: (ids: string[]) => void;
  /** Deletes nodes (with their edges) and edges as one undo step. */
  deleteElements: (nodeIds: string[], edgeIds: string[]) => void;
  clearGraph: () => void;
  resetToDefault: () => void;
  /** Replaces the whole graph (template, import) and frames it. */
  replaceGraph: (nodes: EditorNode[], edges: EditorEdge[], blocks?: Block[]) => void;
  /** Applies a graph edit (e.g. a block action) as one undo step. */
  commitGraph: (next: Partial<GraphSnapshot>) => void;
  /** Adds nodes and edges (a paste): the new nodes become the selection. */
  insertNodes: (nodes: EditorNode[], edges: EditorEdge[]) => void;
  autoLayout: () => void;
  undo: () => void;
  redo: () => void;
  setDatasetName: (name: string) => void;
  /** Switches to a data set with exactly these options (a template's). */
  setDataset: (dataset: DatasetRef) => void;
  setDatasetOption: (key: string, value: unknown) => void;
  setTraining: (patch: Partial<TrainingSettings>) => void;
  setShowTestData: (show: boolean) => void;
  setDiscretize: (on: boolean) => void;
};

function snapshot(s: Pick<EditorState, "nodes" | "edges" | "blocks">): GraphSnapshot {
  return {
    nodes: s.nodes.map(({ selected: _s, dragging: _d, ...n }) => n),
    edges: s.edges.map(({ selected: _s, ...e }) => e),
    blocks: storedBlocks(s.blocks),
  };
}

/** The history with the state before an edit recorded. */
function recorded(s: EditorState, key?: string): { history: History<GraphSnapshot> } {
  return { history: pushHistory(s.history, snapshot(s), { key }) };
}

/** Whether node changes edit the graph (worth an undo step): not selection or measuring, and a drag once. */
function editsGraph(changes: NodeChange<EditorNode>[], nodes: readonly EditorNode[]): boolean {
  return changes.some((c) => {
    if (c.type === "remove" || c.type === "add" || c.type === "replace") return true;
    if (c.type === "position" && c.dragging) return !nodes.find((n) => n.id === c.id)?.dragging;
    return false;
  });
}

function defaultEditor() {
  const { nodes, edges } = fromSpec(defaultGraph());
  return { nodes, edges, blocks: [] as Block[], dataset: defaultDataset(), training: defaultTraining() };
}

export const useEditor = create<EditorState>()(
  persist(
    (set, get) => ({
      ...defaultEditor(),
      history: emptyHistory<GraphSnapshot>(),
      showTestData: false,
      discretize: false,
      layoutVersion: 0,

      onNodesChange: (changes) =>
        set((s) => ({
          ...(editsGraph(changes, s.nodes) ? recorded(s) : {}),
          nodes: applyNodeChanges(changes, s.nodes),
        })),
      onEdgesChange: (changes) =>
        set((s) => ({
          ...(changes.some((c) => c.type === "remove" || c.type === "add") ? recorded(s) : {}),
          edges: applyEdgeChanges(changes, s.edges),
        })),
      onConnect: (connection) =>
        set((s) => {
          if (connection.source === connection.target) return s;
          return { ...recorded(s), edges: connect(s.edges, connection) };
        }),
      addNode: (layerType, position) => {
        const id = uniqueNodeId(
          layerType,
          get().nodes.map((n) => n.id),
        );
        const params = schemaDefaults(layerInfo(layerType)?.params_schema);
        const node: EditorNode = { id, type: "layer", position, data: { layerType, params }, selected: true };
        set((s) => ({
          ...recorded(s),
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        }));
        return id;
      },
      setParam: (nodeId, key, value) =>
        set((s) => ({
          // Typing into a field is one undo step, not one per key press.
          ...recorded(s, `param:${nodeId}:${key}`),
          nodes: s.nodes.map((n) =>
            n.id === nodeId ? { ...n, data: { ...n.data, params: { ...n.data.params, [key]: value } } } : n,
          ),
        })),
      selectNode: (nodeId) => set((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: n.id === nodeId })) })),
      deleteNodes: (ids) => get().deleteElements(ids, []),
      deleteElements: (nodeIds, edgeIds) =>
        set((s) => {
          const gone = new Set(nodeIds);
          // Deleting a block (its frame or collapsed node) deletes its layers.
          for (const b of s.blocks) if (gone.has(b.id)) b.members.forEach((m) => gone.add(m));
          const goneEdges = new Set(edgeIds);
          if (gone.size === 0 && goneEdges.size === 0) return s;
          const nodes = s.nodes.filter((n) => !gone.has(n.id));
          return {
            ...recorded(s),
            nodes,
            edges: s.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target) && !goneEdges.has(e.id)),
            blocks: pruneBlocks(
              s.blocks.filter((b) => !gone.has(b.id)),
              nodes,
            ),
          };
        }),
      clearGraph: () => set((s) => ({ ...recorded(s), nodes: [], edges: [], blocks: [] })),
      resetToDefault: () => {
        const { nodes, edges } = fromSpec(defaultGraph());
        get().replaceGraph(nodes, edges);
      },
      replaceGraph: (nodes, edges, blocks = []) =>
        set((s) => ({ ...recorded(s), nodes, edges, blocks, layoutVersion: s.layoutVersion + 1 })),
      commitGraph: (next) => set((s) => ({ ...recorded(s), ...next })),
      insertNodes: (nodes, edges) =>
        set((s) => ({
          ...recorded(s),
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes],
          edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
        })),
      autoLayout: () =>
        set((s) => ({ ...recorded(s), nodes: layoutGraph(s.nodes, s.edges), layoutVersion: s.layoutVersion + 1 })),
      undo: () =>
        set((s) => {
          const step = undoHistory(s.history, snapshot(s));
          return step ? { ...step.state, history: step.history } : s;
        }),
      redo: () =>
        set((s) => {
          const step = redoHistory(s.history, snapshot(s));
          return step ? { ...step.state, history: step.history } : s;
        }),
      setDatasetName: (name) =>
        set((s) => {
          if (s.dataset.name === name) return s;
          // Other options belong to the old data set; the chosen input features carry over.
          const options: DatasetOptions = {};
          // Only sets that have such an option (2-D ones) take them: image sets refuse unknown options.
          const takesFeatures = datasetInfo(name)?.options_schema.properties?.features !== undefined;
          if (s.dataset.options.features !== undefined && takesFeatures) options.features = s.dataset.options.features;
          return { dataset: { name, options } };
        }),
      setDataset: (dataset) => set({ dataset: { name: dataset.name, options: { ...dataset.options } } }),
      setDatasetOption: (key, value) =>
        set((s) => {
          const options: DatasetOptions = { ...s.dataset.options };
          if (value === undefined) delete options[key];
          else options[key] = value;
          return { dataset: { ...s.dataset, options } };
        }),
      setTraining: (patch) => set((s) => ({ training: { ...s.training, ...patch } })),
      setShowTestData: (showTestData) => set({ showTestData }),
      setDiscretize: (discretize) => set({ discretize }),
    }),
    {
      name: "neurona.editor",
      version: 1,
      partialize: (s) => ({
        nodes: s.nodes.map(({ id, type, position, data }) => ({ id, type, position, data })),
        edges: s.edges.map(({ id, source, target, targetHandle }) => ({ id, source, target, targetHandle })),
        blocks: storedBlocks(s.blocks),
        dataset: s.dataset,
        training: s.training,
        showTestData: s.showTestData,
        discretize: s.discretize,
      }),
      // A stored state from an older shape would break the editor: start again from the defaults instead.
      migrate: () => ({ ...defaultEditor() }),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<EditorState>;
        return {
          ...current,
          ...p,
          training: { ...current.training, ...(p.training ?? {}) },
        };
      },
    },
  ),
);

export function selectedNode(state: Pick<EditorState, "nodes">): EditorNode | undefined {
  return state.nodes.find((n) => n.selected);
}
