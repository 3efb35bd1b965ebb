// The user's work: graph, data set and training settings. Persisted in localStorage so a reload keeps it.
import {
  addEdge,
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
import { defaultDataset, defaultGraph, defaultTraining } from "../lib/defaults";
import { type EditorEdge, type EditorNode, edgeBetween, fromSpec, uniqueNodeId } from "../lib/graphSpec";
import { schemaDefaults } from "../lib/schemaForm";
import { layerInfo } from "./catalog";

export type EditorState = {
  nodes: EditorNode[];
  edges: EditorEdge[];
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
  clearGraph: () => void;
  resetToDefault: () => void;
  setDatasetName: (name: string) => void;
  setDatasetOption: (key: string, value: unknown) => void;
  setTraining: (patch: Partial<TrainingSettings>) => void;
  setShowTestData: (show: boolean) => void;
  setDiscretize: (on: boolean) => void;
};

function defaultEditor() {
  const { nodes, edges } = fromSpec(defaultGraph());
  return { nodes, edges, dataset: defaultDataset(), training: defaultTraining() };
}

export const useEditor = create<EditorState>()(
  persist(
    (set, get) => ({
      ...defaultEditor(),
      showTestData: false,
      discretize: false,
      layoutVersion: 0,

      onNodesChange: (changes) => set((s) => ({ nodes: applyNodeChanges(changes, s.nodes) })),
      onEdgesChange: (changes) => set((s) => ({ edges: applyEdgeChanges(changes, s.edges) })),
      onConnect: (connection) =>
        set((s) => {
          if (connection.source === connection.target) return s;
          // A port takes one input: a new connection into it replaces the old one.
          const port = connection.targetHandle ?? null;
          const kept = s.edges.filter((e) => !(e.target === connection.target && (e.targetHandle ?? null) === port));
          const edge = edgeBetween(connection.source, connection.target, port);
          return { edges: addEdge({ ...edge, sourceHandle: connection.sourceHandle }, kept) };
        }),
      addNode: (layerType, position) => {
        const id = uniqueNodeId(
          layerType,
          get().nodes.map((n) => n.id),
        );
        const params = schemaDefaults(layerInfo(layerType)?.params_schema);
        const node: EditorNode = { id, type: "layer", position, data: { layerType, params }, selected: true };
        set((s) => ({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] }));
        return id;
      },
      setParam: (nodeId, key, value) =>
        set((s) => ({
          nodes: s.nodes.map((n) =>
            n.id === nodeId ? { ...n, data: { ...n.data, params: { ...n.data.params, [key]: value } } } : n,
          ),
        })),
      selectNode: (nodeId) => set((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: n.id === nodeId })) })),
      deleteNodes: (ids) =>
        set((s) => {
          const gone = new Set(ids);
          return {
            nodes: s.nodes.filter((n) => !gone.has(n.id)),
            edges: s.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
          };
        }),
      clearGraph: () => set({ nodes: [], edges: [] }),
      resetToDefault: () => {
        const { nodes, edges } = fromSpec(defaultGraph());
        set((s) => ({ nodes, edges, layoutVersion: s.layoutVersion + 1 }));
      },
      setDatasetName: (name) =>
        set((s) => {
          if (s.dataset.name === name) return s;
          // Other options belong to the old data set; the chosen input features carry over.
          const options: DatasetOptions = {};
          if (s.dataset.options.features !== undefined) options.features = s.dataset.options.features;
          return { dataset: { name, options } };
        }),
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
