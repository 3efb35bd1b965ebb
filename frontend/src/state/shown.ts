// The graph, data set and preview the run in scope was made of: the editor's for the page's own run, the run's
// own for one shown read-only (state/run.ts, RunScope.shown).
import type { DatasetPreview, DatasetRef } from "../api/types";
import type { EditorEdge, EditorNode } from "../lib/graphSpec";
import { useData } from "./data";
import { useEditor } from "./editor";
import { useRunScope } from "./run";

export function useShownNodes(): EditorNode[] {
  const shown = useRunScope().shown;
  const nodes = useEditor((s) => s.nodes);
  return shown ? shown.nodes : nodes;
}

/** The layer type of one node (re-rendering only when it changes, not as nodes are dragged). */
export function useShownLayerType(nodeId: string | undefined): string | undefined {
  const shown = useRunScope().shown;
  const edited = useEditor((s) => (nodeId ? s.nodes.find((n) => n.id === nodeId)?.data.layerType : undefined));
  if (!shown) return edited;
  return nodeId ? shown.nodes.find((n) => n.id === nodeId)?.data.layerType : undefined;
}

export function useShownEdges(): EditorEdge[] {
  const shown = useRunScope().shown;
  const edges = useEditor((s) => s.edges);
  return shown ? shown.edges : edges;
}

export function useShownDataset(): DatasetRef {
  const shown = useRunScope().shown;
  const dataset = useEditor((s) => s.dataset);
  return shown ? shown.dataset : dataset;
}

export function useShownPreview(): DatasetPreview | null {
  const shown = useRunScope().shown;
  const preview = useData((s) => s.preview);
  return shown ? shown.preview : preview;
}
