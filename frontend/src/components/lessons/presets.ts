// "Load this preset": a graph, dataset and training settings through the editor's own actions. A lesson step's
// preset and a classroom room's preset both load here.
import type { GraphSpec, TrainingSettings } from "../../api/types";
import { defaultTraining } from "../../lib/defaults";
import { useEditor } from "../../state/editor";
import { loadGraph } from "../editor/graphTransfer";

export type LoadablePreset = {
  graph: unknown;
  dataset?: unknown;
  training?: unknown;
};

export async function loadPreset(preset: LoadablePreset): Promise<boolean> {
  const graph = preset.graph as GraphSpec;
  const dataset = (preset.dataset ?? { name: "circle", options: {} }) as {
    name: string;
    options?: Record<string, unknown>;
  };
  if (!(await loadGraph(graph, { name: dataset.name, options: dataset.options ?? {} }))) return false;
  const editor = useEditor.getState();
  // Graphs written without editor positions are laid out like any imported graph.
  if (graph.nodes.some((n) => !n.position)) editor.autoLayout();
  // The preset's settings replace the editor's whole: a setting it leaves out is the default, not what was there
  // (a room that locks the settings compares them with the preset's).
  editor.setTraining({ ...defaultTraining(), ...(preset.training as Partial<TrainingSettings>) });
  return true;
}
